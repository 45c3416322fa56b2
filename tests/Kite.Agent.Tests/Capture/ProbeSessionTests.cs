using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Kite.Agent.Capture;
using Kite.Agent.Events;
using Kite.Agent.Tests.Interop;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.Capture;

/// <summary>
/// The probe against the real kernel: load, interest set, exclusion of the agent, and
/// the byte encodings of records (decoded by <see cref="CapturedRecord"/>, independent
/// of the agent's ring reader). Triggers run in child processes because the test
/// process is the "agent" and is excluded in the kernel.
/// </summary>
[Trait("Category", "Privileged")]
public sealed class ProbeSessionTests
{
    private const uint GetppidSyscall = 110; // x86_64
    private const long AtFdCwd = -100;

    [RequiresBpfFact]
    public void ProbeLoadsAttachesAndDeliversEventsOfAnotherProcess()
    {
        using var probe = ProbeSession.Open(ringBufferBytes: 1 << 20);
        probe.SetInteresting(GetppidSyscall, true);
        probe.Attach();

        // Trigger: the agent's own process is excluded in the kernel, so the syscalls
        // must come from a child. `sh` calls getppid while starting.
        for (int i = 0; i < 3; i++)
            RunChild("/bin/sh", "-c", "echo $PPID > /dev/null");

        ulong records = 0;
        var deadline = Stopwatch.StartNew();
        while (records == 0 && deadline.Elapsed < TimeSpan.FromSeconds(5))
            records += probe.DrainWithLibbpf(100);

        Assert.True(records > 0, "no getppid event was delivered through the ring buffer");
        Assert.True(probe.ReadCounters().EventsEmitted >= records);
    }

    [RequiresBpfFact]
    public void ProbeIgnoresSyscallsOutsideTheInterestSet()
    {
        using var probe = ProbeSession.Open(ringBufferBytes: 1 << 20);
        probe.Attach();

        RunChild("/bin/sh", "-c", "true");

        Assert.Equal(0UL, probe.DrainWithLibbpf(50));
        Assert.Equal(0UL, probe.ReadCounters().EventsEmitted);
    }

    [RequiresBpfFact]
    public void OnlyTheEnabledEventTypeIsEmitted()
    {
        using var probe = ProbeSession.Open(ringBufferBytes: 1 << 22);
        probe.SetInteresting(EventType.Openat, true);
        probe.Attach();

        // sh does execve, mmap, read, close, getppid ... but only its openat calls may come back.
        RunChild("/bin/sh", "-c", "cat /etc/hostname > /dev/null");

        var records = CapturedRecord.Collect(probe, r => r.Count > 0);
        probe.Detach();
        records.AddRange(CapturedRecord.Collect(probe, _ => true, TimeSpan.FromMilliseconds(200)));
        Assert.NotEmpty(records);
        Assert.All(records, r => Assert.Equal(EventType.Openat, r.Type));
    }

    [RequiresBpfFact]
    public void TheAgentsOwnSyscallsAreExcluded()
    {
        using var probe = ProbeSession.Open(ringBufferBytes: 1 << 22);
        probe.SetInteresting(EventType.Openat, true);
        probe.Attach();

        string path = Path.Combine(Path.GetTempPath(), $"kite-self-{Guid.NewGuid():N}");
        File.WriteAllText(path, "agent");
        File.ReadAllText(path);
        File.Delete(path);
        RunChild("/bin/cat", "/etc/hostname"); // proves capture was on meanwhile

        var records = CapturedRecord.Collect(probe, r => r.Any(x => x.Header.Pid != Environment.ProcessId));
        Assert.Contains(records, r => r.Header.Pid != Environment.ProcessId);
        Assert.DoesNotContain(records, r => r.Header.Pid == Environment.ProcessId);
        Assert.DoesNotContain(records, r => r.Text("name").Contains(path, StringComparison.Ordinal));
    }

    [RequiresBpfFact]
    public void OpenatRecordCarriesNameFlagsModeFdAndInode()
    {
        using var probe = ProbeSession.Open(ringBufferBytes: 1 << 22);
        probe.SetInteresting(EventType.Openat, true);
        probe.Attach();

        string path = Path.Combine(Path.GetTempPath(), $"kite-openat-{Guid.NewGuid():N}");
        try
        {
            int pid = RunChild("/bin/sh", "-c", $": > {path}");
            var records = CapturedRecord.Collect(probe, r => r.Any(x => x.Text("name") == path));
            var open = Assert.Single(records, r => r.Text("name") == path);

            Assert.Equal(pid, (int)open.Header.Pid);
            Assert.InRange(open.Int("fd"), 0, 1024);
            Assert.Equal(AtFdCwd, open.Int("dirfd"));
            ulong flags = open.UInt("flags");
            Assert.Equal(0x241UL, flags & 0x243); // O_WRONLY|O_CREAT|O_TRUNC
            Assert.Contains("O_CREAT", FlagTables.OpenFlags.Format(flags));
            Assert.Contains("O_F_CREATED", FlagTables.OpenFlags.Format(flags)); // the file did not exist
            Assert.Equal(0x1b6UL, open.UInt("mode")); // 0666 from the shell
            Assert.Equal(ulong.Parse(RunAndRead("/usr/bin/stat", "-c", "%i", path).Trim()), open.UInt("ino"));
            ulong dev = open.UInt("dev"); // kernel encoding: major << 20 | minor
            Assert.Equal(RunAndRead("/usr/bin/stat", "-c", "%Hd %Ld", path).Trim(), $"{dev >> 20} {dev & 0xfffff}");
            Assert.False(open.Truncated);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [RequiresBpfFact]
    public void ExecveRecordCarriesExeArgsCwdParentAndFilename()
    {
        using var probe = ProbeSession.Open(ringBufferBytes: 1 << 22);
        probe.SetInteresting(EventType.Execve, true);
        probe.Attach();

        string marker = $"kite-arg-{Guid.NewGuid():N}";
        string cwd = Directory.CreateTempSubdirectory("kite-cwd-").FullName;
        try
        {
            int pid = RunChild("/bin/sh", ["-c", $"exec /bin/echo {marker} second"], cwd);
            var records = CapturedRecord.Collect(probe, r => r.Any(IsEcho));
            var exec = Assert.Single(records, IsEcho);

            Assert.Equal(0, exec.Int("res"));
            Assert.Equal("/bin/echo", exec.Text("exe"));
            Assert.Equal([marker, "second"], exec.Strings("args"));
            Assert.Equal(pid, exec.Int("pid"));
            Assert.Equal(pid, exec.Int("tid"));
            // sh exec'd in place: its parent is the thread of this process that started it (ptid is a thread id, as in Falco).
            Assert.True(Directory.Exists($"/proc/{Environment.ProcessId}/task/{exec.Int("ptid")}"), $"ptid {exec.Int("ptid")} is not a thread of this process");
            Assert.Equal(cwd, exec.Text("cwd"));
            Assert.Equal("echo", exec.Text("comm"));
            Assert.Equal("/bin/echo", exec.Text("filename"));
            Assert.EndsWith("/echo", exec.Text("trusted_exepath"));
            Assert.StartsWith("/", exec.Text("trusted_exepath"));
            Assert.Equal(0UL, exec.UInt("uid")); // the tests run as root
            Assert.NotEqual(0UL, exec.UInt("cap_effective"));
            Assert.NotEqual(0UL, exec.UInt("exe_ino"));
            Assert.True(exec.UInt("exe_ino_mtime") > 1_000_000_000UL * 1_000_000_000UL); // after 2001, in ns
            Assert.Contains(exec.Strings("env"), e => e.StartsWith("PATH=", StringComparison.Ordinal));
            Assert.Contains(exec.Strings("cgroups"), c => c.Contains("=/", StringComparison.Ordinal));
            Assert.False(exec.Truncated);

            // The first execve (of /bin/sh, by this process' child) carries the marker too.
            bool IsEcho(CapturedRecord r) =>
                r.Type == EventType.Execve && r.Text("exe") == "/bin/echo" && r.Text("args").Contains(marker, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(cwd);
        }
    }

    [RequiresBpfFact]
    public void ConnectRecordCarriesTheLoopbackTuple()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;

        using var probe = ProbeSession.Open(ringBufferBytes: 1 << 22);
        probe.SetInteresting(EventType.Connect, true);
        probe.Attach();

        int pid = RunChild("/bin/bash", "-c", $"exec 3<>/dev/tcp/127.0.0.1/{port}");
        // Wait for the child's IPv4 record itself, not just any record of the child, and
        // name every record of the child when it is missing.
        bool IsChildsInetConnect(CapturedRecord r) => r.Header.Pid == pid && r.Raw("tuple") is [2, ..];
        var records = CapturedRecord.Collect(probe, r => r.Any(IsChildsInetConnect));
        var ofChild = records.Where(r => r.Header.Pid == pid).ToList();
        Assert.True(ofChild.Count(IsChildsInetConnect) == 1,
            $"expected one AF_INET connect of pid {pid} among {records.Count} records; the child's: " +
            string.Join(" | ", ofChild.Select(r => r.Describe())));
        var connect = ofChild.Single(IsChildsInetConnect);

        Assert.Equal(0, connect.Int("res"));
        Assert.InRange(connect.Int("fd"), 0, 1024);
        var (local, remote) = connect.Ipv4Tuple("tuple");
        Assert.Equal(IPAddress.Loopback, local.Address);
        Assert.NotEqual(0, local.Port);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, port), remote);
        byte[] addr = connect.Raw("addr"); // u8 family, 4-byte address, u16 port
        Assert.Equal(7, addr.Length);
        Assert.Equal(2, addr[0]);
        Assert.Equal(port, BitConverter.ToUInt16(addr, 5));
    }

    [RequiresBpfFact]
    public void AcceptRecordCarriesTheServerSideTuple()
    {
        using var probe = ProbeSession.Open(ringBufferBytes: 1 << 22);
        probe.SetInteresting(EventType.Accept, true);
        probe.SetInteresting(EventType.Accept4, true);
        probe.Attach();

        // The child listens and accepts once; this process connects to it.
        string portFile = Path.Combine(Path.GetTempPath(), $"kite-port-{Guid.NewGuid():N}");
        string script = "import socket,sys\n" +
            "s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(1)\n" +
            $"open('{portFile}','w').write(str(s.getsockname()[1]))\n" +
            "c,_=s.accept(); c.close()\n";
        var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        using var child = Process.Start(psi)!;
        try
        {
            var clock = Stopwatch.StartNew();
            while (!(File.Exists(portFile) && new FileInfo(portFile).Length > 0) && clock.Elapsed < TimeSpan.FromSeconds(10))
                Thread.Sleep(20);
            int port = int.Parse(File.ReadAllText(portFile), System.Globalization.CultureInfo.InvariantCulture);
            using var client = new TcpClient(AddressFamily.InterNetwork);
            client.Connect(IPAddress.Loopback, port);
            var clientEnd = (IPEndPoint)client.Client.LocalEndPoint!;
            child.WaitForExit();

            var records = CapturedRecord.Collect(probe, r => r.Any(x => x.Header.Pid == child.Id));
            var accept = Assert.Single(records, r => r.Header.Pid == child.Id);
            Assert.InRange(accept.Int("fd"), 0, 1024);
            var (local, remote) = accept.Ipv4Tuple("tuple");
            Assert.Equal(new IPEndPoint(IPAddress.Loopback, port), local); // this side is the server
            Assert.Equal(clientEnd, remote);
            Assert.Equal(1UL, accept.UInt("queuemax")); // listen(1)
        }
        finally
        {
            File.Delete(portFile);
        }
    }

    [RequiresBpfFact]
    public void ArgumentsInFiveRegistersAreReadAtExit()
    {
        // renameat2 takes five arguments (di, si, dx, r10, r8), each given a value of its own here:
        // the probe reads them from the registers saved at entry, at syscall exit.
        using var probe = ProbeSession.Open(ringBufferBytes: 1 << 22);
        probe.SetInteresting(EventType.Renameat2, true);
        probe.Attach();

        string dir = Directory.CreateTempSubdirectory("kite-rename-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "from"));
            Directory.CreateDirectory(Path.Combine(dir, "to"));
            File.WriteAllText(Path.Combine(dir, "from", "old-name"), "x");
            string script = "import ctypes,os,sys\n" +
                "libc=ctypes.CDLL(None,use_errno=True)\n" +
                $"a=os.open('{dir}/from',os.O_RDONLY|os.O_DIRECTORY); b=os.open('{dir}/to',os.O_RDONLY|os.O_DIRECTORY)\n" +
                "r=libc.syscall(316,a,b'old-name',b,b'new-name',1)\n" + // RENAME_NOREPLACE
                "print(a,b,r)\n";
            var (pid, output) = RunChildReading("python3", "-c", script);
            long[] printed = output.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();

            var records = CapturedRecord.Collect(probe, r => r.Any(x => x.Header.Pid == pid));
            var rename = Assert.Single(records, r => r.Header.Pid == pid);
            Assert.Equal(0, printed[2]);
            Assert.Equal(0, rename.Int("res"));
            Assert.Equal(printed[0], rename.Int("olddirfd"));
            Assert.Equal("old-name", rename.Text("oldpath"));
            Assert.Equal(printed[1], rename.Int("newdirfd"));
            Assert.Equal("new-name", rename.Text("newpath"));
            Assert.Equal(1UL, rename.UInt("flags"));
            Assert.True(File.Exists(Path.Combine(dir, "to", "new-name")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [RequiresBpfFact]
    public void AFailedExecveCarriesTheFilenameItWasGivenAndTheCallersArgs()
    {
        // A failed exec keeps the caller's registers and memory: filename comes from the argument,
        // exe and args from the caller (a successful one takes them from the new image).
        using var probe = ProbeSession.Open(ringBufferBytes: 1 << 22);
        probe.SetInteresting(EventType.Execve, true);
        probe.Attach();

        string missing = $"/nonexistent-{Guid.NewGuid():N}/kite";
        int pid = RunChild("/bin/sh", "-c", $"exec {missing}");
        var records = CapturedRecord.Collect(probe, r => r.Any(x => x.Header.Pid == pid && x.Int("res") < 0));
        var failed = Assert.Single(records, r => r.Header.Pid == pid && r.Int("res") < 0);

        Assert.Equal(-2, failed.Int("res")); // ENOENT
        Assert.Equal(missing, failed.Text("filename"));
        Assert.Equal("/bin/sh", failed.Text("exe"));
        Assert.Equal(["-c", $"exec {missing}"], failed.Strings("args"));
    }

    [RequiresBpfFact]
    public void ASyscallAlreadyBlockedWhenTheProbeAttachesKeepsItsArguments()
    {
        // The child blocks in accept before the probe is loaded; its exit is the first thing the probe
        // sees of that call. queuemax comes from the listening fd, an argument of the call.
        string portFile = Path.Combine(Path.GetTempPath(), $"kite-port-{Guid.NewGuid():N}");
        string script = "import socket\n" +
            "s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(3)\n" +
            $"open('{portFile}','w').write(str(s.getsockname()[1]))\n" +
            "c,_=s.accept(); c.close()\n";
        var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        using var child = Process.Start(psi)!;
        try
        {
            var clock = Stopwatch.StartNew();
            while (!IsInAccept(child.Id) && clock.Elapsed < TimeSpan.FromSeconds(10))
                Thread.Sleep(20);
            Assert.True(IsInAccept(child.Id), "the child never blocked in accept");

            using var probe = ProbeSession.Open(ringBufferBytes: 1 << 22);
            probe.SetInteresting(EventType.Accept, true);
            probe.SetInteresting(EventType.Accept4, true);
            probe.Attach();

            int port = int.Parse(File.ReadAllText(portFile), System.Globalization.CultureInfo.InvariantCulture);
            using (var client = new TcpClient(AddressFamily.InterNetwork))
                client.Connect(IPAddress.Loopback, port);
            child.WaitForExit();

            var records = CapturedRecord.Collect(probe, r => r.Any(x => x.Header.Pid == child.Id));
            var accept = Assert.Single(records, r => r.Header.Pid == child.Id);
            Assert.InRange(accept.Int("fd"), 0, 1024);
            Assert.Equal(3UL, accept.UInt("queuemax")); // listen(3), read through the argument
        }
        finally
        {
            if (!child.HasExited)
                child.Kill();
            File.Delete(portFile);
        }

        // /proc/PID/syscall starts with the number of the call a blocked thread is in: 43 accept, 288 accept4.
        static bool IsInAccept(int pid)
        {
            try
            {
                string call = File.ReadAllText($"/proc/{pid}/syscall");
                return call.StartsWith("288 ", StringComparison.Ordinal) || call.StartsWith("43 ", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        }
    }

    [RequiresBpfFact]
    public void FixedSizeRecordsWrittenInPlaceCarryEveryParameter()
    {
        // dup3 and close have only integer parameters: their records are reserved at their exact
        // size and written in the ring buffer directly, not built in the scratch buffer.
        using var probe = ProbeSession.Open(ringBufferBytes: 1 << 22);
        probe.SetInteresting(EventType.Dup3, true);
        probe.SetInteresting(EventType.Close, true);
        probe.Attach();

        string script = "import os\n" +
            "fd=os.open('/dev/null',os.O_RDONLY)\n" +
            "r=os.dup2(fd,57,inheritable=False)\n" + // dup3(fd, 57, O_CLOEXEC)
            "os.close(57)\n" +
            "print(fd,r)\n";
        var (pid, output) = RunChildReading("python3", "-c", script);
        long[] printed = output.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();

        var records = CapturedRecord.Collect(probe, r => r.Any(x => x.Header.Pid == pid && x.Type == EventType.Close && x.Int("fd") == 57));
        var dup3 = Assert.Single(records, r => r.Header.Pid == pid && r.Type == EventType.Dup3);
        Assert.Equal(57, printed[1]);
        Assert.Equal(57, dup3.Int("res"));
        Assert.Equal(printed[0], dup3.Int("oldfd"));
        Assert.Equal(57, dup3.Int("newfd"));
        Assert.Equal(0x80000UL, dup3.UInt("flags")); // O_CLOEXEC
        Assert.Equal(32 + 2 * 4 + 8 * 3 + 4, (int)dup3.Header.Length);
        var close = Assert.Single(records, r => r.Header.Pid == pid && r.Type == EventType.Close && r.Int("fd") == 57);
        Assert.Equal(0, close.Int("res"));
        Assert.Equal(32 + 2 * 2 + 8 * 2, (int)close.Header.Length);
    }

    [RequiresBpfFact]
    public void AGenericRecordCarriesTheSyscallNumberAndResult()
    {
        using var probe = ProbeSession.Open(ringBufferBytes: 1 << 22);
        probe.SetInteresting(GetppidSyscall, true);
        probe.Attach();

        int pid = RunChild("/bin/sh", "-c", "echo $PPID > /dev/null");
        var records = CapturedRecord.Collect(probe, r => r.Any(x => x.Header.Pid == pid));
        var generic = records.First(r => r.Header.Pid == pid);
        Assert.Equal(EventType.Generic, generic.Type);
        Assert.Equal((long)GetppidSyscall, generic.Int("ID"));
        Assert.Equal(Environment.ProcessId, generic.Int("res")); // getppid of our child is this process
    }

    [RequiresBpfFact]
    public void ProcexitCarriesTheExitCode()
    {
        using var probe = ProbeSession.Open(ringBufferBytes: 1 << 22);
        probe.SetInteresting(EventType.Procexit, true);
        probe.Attach();

        int pid = RunChild("/bin/sh", "-c", "exit 3");
        var records = CapturedRecord.Collect(probe, r => r.Any(x => x.Header.Pid == pid));
        var exit = Assert.Single(records, r => r.Header.Pid == pid);
        Assert.Equal(EventType.Procexit, exit.Type);
        Assert.Equal(3, exit.Int("ret"));
        Assert.Equal(0, exit.Int("sig"));
    }

    [RequiresBpfFact]
    public void CloneIsSeenByParentAndChild()
    {
        using var probe = ProbeSession.Open(ringBufferBytes: 1 << 22);
        probe.SetInteresting(EventType.Clone, true);
        probe.SetInteresting(EventType.Clone3, true);
        probe.SetInteresting(EventType.Fork, true);
        probe.SetInteresting(EventType.Vfork, true);
        probe.Attach();

        int pid = RunChild("/bin/sh", "-c", "/bin/true; /bin/true");
        // sh forks twice; each fork is one record in the parent (res = child) and one in the child (res = 0).
        var records = CapturedRecord.Collect(probe, r => r.Count(x => x.Header.Pid == pid || x.Int("ptid") == pid) >= 4);
        var parentSide = records.First(r => r.Header.Pid == pid && r.Int("res") > 0 && records.Any(c => c.Header.Pid == r.Int("res")));
        var childSide = Assert.Single(records, r => r.Header.Pid == parentSide.Int("res"));
        Assert.Equal(0, childSide.Int("res"));
        Assert.Equal(pid, childSide.Int("ptid"));
        Assert.Equal("sh", childSide.Text("comm"));
    }

    [RequiresBpfFact]
    public void APathLongerThanPathMaxIsCutAndFlagged()
    {
        using var probe = ProbeSession.Open(ringBufferBytes: 1 << 22);
        probe.SetInteresting(EventType.Openat, true);
        probe.Attach();

        string longPath = "/tmp/" + new string('k', 5000);
        int pid = RunChild("/bin/cat", longPath); // fails with ENAMETOOLONG, but the call is made
        var records = CapturedRecord.Collect(probe, r => r.Any(x => x.Header.Pid == pid && x.Text("name").StartsWith("/tmp/kkk", StringComparison.Ordinal)));
        var open = Assert.Single(records, r => r.Header.Pid == pid && r.Text("name").StartsWith("/tmp/kkk", StringComparison.Ordinal));
        Assert.True(open.Truncated);
        Assert.Equal(EventTable.MaxPath - 1, open.Raw("name").Length);
        Assert.True(open.Int("fd") < 0);
        Assert.Empty(open.Raw("dev")); // no file was opened: no device, no inode
        Assert.Empty(open.Raw("ino"));
        Assert.True(probe.ReadCounters().DropsTruncated > 0);
    }

    [RequiresBpfFact]
    public void LongArgvIsCutAtTheConfiguredBoundAndFlagged()
    {
        using var probe = ProbeSession.Open(ringBufferBytes: 1 << 22, argsBytes: 1024);
        probe.SetInteresting(EventType.Execve, true);
        probe.Attach();

        string marker = "kite" + new string('x', 3000);
        int pid = RunChild("/bin/echo", marker);
        var records = CapturedRecord.Collect(probe, r => r.Any(x => x.Header.Pid == pid));
        var exec = Assert.Single(records, r => r.Header.Pid == pid);
        Assert.True(exec.Truncated);
        byte[] args = exec.Raw("args");
        Assert.Equal(1024, args.Length);
        Assert.Equal(0, args[^1]); // the cut string still ends with its NUL
        Assert.StartsWith("kitexxx", exec.Text("args"));
    }

    [RequiresBpfFact]
    public void ATinyRingThatOverflowsCountsDrops()
    {
        // One page of ring and nobody reading: most records cannot be reserved.
        using var probe = ProbeSession.Open(ringBufferBytes: 4096, wakeupThreshold: 1 << 20);
        probe.SetInteresting(EventType.Openat, true);
        probe.SetInteresting(EventType.Close, true);
        probe.Attach();

        RunChild("/bin/sh", "-c", "i=0; while [ $i -lt 500 ]; do : < /etc/hostname; i=$((i+1)); done");

        var counters = probe.ReadCounters();
        Assert.True(counters.DropsRingBufferFull > 0, $"no drop counted: {counters}");
        Assert.True(counters.EventsEmitted > 0);
    }

    [RequiresBpfFact]
    public void EventTypesMapToTheirSyscallsInTheShim()
    {
        Assert.Equal([257], ProbeSession.SyscallsOf(EventType.Openat));
        Assert.Equal(EventTable.Get(EventType.Execve).Syscalls, ProbeSession.SyscallsOf(EventType.Execve));
        Assert.Empty(ProbeSession.SyscallsOf(EventType.Procexit));
    }

    [RequiresBpfFact]
    public void AbiVersionOfTheShimIsReported()
    {
        Assert.Equal(EventTable.AbiVersion, ProbeSession.AbiVersion());
    }

    private static int RunChild(string file, params string[] args) => RunChild(file, args, null);

    private static int RunChild(string file, string[] args, string? workingDirectory)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        if (workingDirectory is not null)
            psi.WorkingDirectory = workingDirectory;
        using var child = Process.Start(psi)!;
        child.StandardOutput.ReadToEnd();
        child.StandardError.ReadToEnd();
        child.WaitForExit();
        return child.Id;
    }

    private static (int Pid, string Output) RunChildReading(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        using var child = Process.Start(psi)!;
        string output = child.StandardOutput.ReadToEnd();
        string error = child.StandardError.ReadToEnd();
        child.WaitForExit();
        Assert.True(child.ExitCode == 0, $"{file} failed: {error}");
        return (child.Id, output.Trim());
    }

    private static string RunAndRead(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        using var child = Process.Start(psi)!;
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        return output;
    }
}
