using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Kite.Agent.Events;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.Capture;

[Trait("Category", "Privileged")]
public sealed class LiveCaptureTests
{
    private static Process Run(string file, params string[] args)
    {
        var child = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        child.WaitForExit();
        return child;
    }

    [RequiresBpfFact]
    public void CatOfEtcShadowIsSeenAsAnOpenatWithItsFdProcessAndUser()
    {
        string marker = "/tmp/kite-live-" + Guid.NewGuid().ToString("N");
        using var capture = new LiveCapture(e => e["proc.name"] == "cat" && e["evt.type"] == "openat", EventType.Openat, EventType.Open);

        // Trigger: a unique argument tells our cat from any other cat on the machine.
        Run("/bin/cat", "/etc/shadow", marker);

        var open = capture.WaitFor(e => e["fd.name"] == "/etc/shadow" && e["proc.args"].Contains(marker));
        Assert.True(open is not null, "no openat of /etc/shadow by our cat; captured:\n" + capture.Describe());
        Assert.Equal("cat", open["proc.name"]);
        Assert.Equal("root", open["user.name"]);
        Assert.True(long.Parse(open["fd.num"]) >= 0);
        Assert.Equal("f", open["fd.typechar"]);
        Assert.NotEqual("<NA>", open["proc.pname"]);
        Assert.Equal(Environment.ProcessId.ToString(), open["proc.ppid"]);
        Assert.Equal("SUCCESS", open["evt.res"]);
    }

    [RequiresBpfFact]
    public void ExecOfTrueThroughShIsSeenWithExeArgsAndTheParentChain()
    {
        string marker = "kite-" + Guid.NewGuid().ToString("N");
        using var capture = new LiveCapture(e => e["evt.type"] == "execve" && e["proc.args"].Contains(marker), EventType.Execve);

        Run("/bin/sh", "-c", $"exec /bin/true a b {marker}");

        var exec = capture.WaitFor(e => e["proc.name"] == "true");
        Assert.True(exec is not null, "no execve of /bin/true; captured:\n" + capture.Describe());
        Assert.Equal("/bin/true", exec["proc.exe"]);
        Assert.Equal($"a b {marker}", exec["proc.args"]);
        Assert.Equal($"true a b {marker}", exec["proc.cmdline"]);
        Assert.EndsWith("/true", exec["proc.exepath"]);
        Assert.Equal(Environment.ProcessId.ToString(), exec["proc.ppid"]);
        Assert.NotEqual("<NA>", exec["proc.pname"]);
        Assert.NotEqual("<NA>", exec["proc.aname[2]"]);
        Assert.Equal("SUCCESS", exec["evt.res"]);
    }

    [RequiresBpfFact]
    public void ProcessStartedBeforeTheAgentHasItsStateFromProc()
    {
        string marker = "/tmp/kite-before-" + Guid.NewGuid().ToString("N");
        File.WriteAllText(marker, "x");
        try
        {
            // The shell starts (and is scanned from /proc) before capture; it opens the file after.
            using var shell = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"read go; cat {marker} > /dev/null"]) { RedirectStandardInput = true })!;
            Thread.Sleep(200);
            using var capture = new LiveCapture(e => e["fd.name"] == marker, EventType.Openat, EventType.Open);
            Assert.NotNull(capture.Threads.Find(shell.Id));

            shell.StandardInput.WriteLine("go");
            shell.StandardInput.Close();
            shell.WaitForExit();

            var open = capture.WaitFor(e => e["proc.name"] == "cat");
            Assert.True(open is not null, "no open of the marker; captured:\n" + capture.Describe());
            Assert.Equal("sh", open["proc.pname"]);
            Assert.Equal(shell.Id.ToString(), open["proc.ppid"]);
            Assert.NotEqual("<NA>", open["proc.aname[2]"]);
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [RequiresBpfFact]
    public void TcpConnectToALoopbackListenerYieldsClientAndServerEndpoints()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var capture = new LiveCapture(e => e["evt.type"] == "connect" && e["fd.sport"] == port.ToString(), EventType.Connect, EventType.Socket);

        // The agent's own process is excluded in the kernel: a child connects.
        Run("/bin/bash", "-c", $"exec 3<>/dev/tcp/127.0.0.1/{port}");

        var connect = capture.WaitFor(_ => true);
        Assert.True(connect is not null, "no connect captured; captured:\n" + capture.Describe());
        Assert.Equal("127.0.0.1", connect["fd.sip"]);
        Assert.Equal("127.0.0.1", connect["fd.cip"]);
        Assert.True(int.Parse(connect["fd.cport"]) > 0);
        Assert.Equal($"127.0.0.1:{connect["fd.cport"]}->127.0.0.1:{port}", connect["fd.name"]);
        Assert.Equal("tcp", connect["fd.l4proto"]);
    }

    [RequiresBpfFact]
    public void RelativePathOpenedAfterChdirResolvesToTheAbsolutePath()
    {
        string dir = Directory.CreateTempSubdirectory("kite-chdir-").FullName;
        File.WriteAllText(Path.Combine(dir, "relative.txt"), "x");
        try
        {
            using var capture = new LiveCapture(e => e["fd.nameraw"] == "relative.txt", EventType.Openat, EventType.Open);

            // The shell itself chdirs, then opens the relative name for its redirect.
            Run("/bin/sh", "-c", $"cd {dir} && read x < relative.txt");

            var open = capture.WaitFor(_ => true);
            Assert.True(open is not null, "no open of relative.txt; captured:\n" + capture.Describe());
            Assert.Equal(Path.Combine(dir, "relative.txt"), open["fd.name"]);
            Assert.Equal(dir, open["proc.cwd"]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
