using System.Diagnostics;
using System.Text;
using Kite.Agent.State;

namespace Kite.Agent.Tests.State;

public sealed class ProcReaderTests
{
    [Fact]
    public void ProcessStartedBeforeTheAgentIsLoadedFromProc()
    {
        string marker = Path.Combine(Path.GetTempPath(), "kite-proc-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(marker, "x");
        try
        {
            using var child = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"exec 7<{marker}; exec sleep 30"]) { WorkingDirectory = "/tmp" })!;
            try
            {
                var table = new ThreadTable();
                var deadline = Stopwatch.StartNew();
                ThreadInfo? t = null;
                while (deadline.Elapsed < TimeSpan.FromSeconds(5))
                {
                    table = new ThreadTable();
                    Assert.True(table.Proc.LoadProcess(table, child.Id));
                    t = table.Find(child.Id);
                    if (t is not null && t.Comm.ToString() == "sleep" && t.Fds!.Find(7) is not null)
                        break;
                    Thread.Sleep(20);
                }

                Assert.NotNull(t);
                Assert.Equal("sleep", t.Comm.ToString());
                Assert.Equal(Environment.ProcessId, t.ParentPid);
                Assert.Equal("30\0", t.Args.ToString());
                Assert.EndsWith("/sleep", t.ExePath.ToString());
                Assert.Equal("/tmp", t.Cwd.ToString());
                Assert.True(t.StartTime > 0);
                Assert.Equal(marker, Encoding.UTF8.GetString(t.Fds!.Find(7)!.Name.Span));
                Assert.False(t.ContainerId.Span.IsEmpty);
            }
            finally
            {
                child.Kill();
                child.WaitForExit();
            }
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [Fact]
    public void ScanAllLoadsThisProcessAndItsParentChain()
    {
        var table = new ThreadTable();
        int loaded = table.Proc.ScanAll(table);

        Assert.True(loaded > 1);
        var self = table.Find(Environment.ProcessId);
        Assert.NotNull(self);
        Assert.NotNull(table.Ancestor(self, 1));
        Assert.True(self.Fds!.Count > 0);
        Assert.NotNull(table.Find(1));
    }

    [Fact]
    public void CgroupFileLinesBecomeTheProbesListForm()
    {
        byte[] list = ProcReader.CgroupLinesToList("0::/system.slice/x.scope\n4:cpu,cpuacct:/a\n"u8);
        Assert.Equal("unified=/system.slice/x.scope\0cpu,cpuacct=/a\0", Encoding.UTF8.GetString(list));
    }
}
