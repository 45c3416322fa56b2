using System.Net;
using BenchmarkDotNet.Attributes;
using Kite.Agent.Capture;
using Kite.Agent.Events;
using Kite.Agent.Fields;
using Kite.Agent.State;
using Kite.Agent.Tests.Events;
using Kite.Rules.Fields;

namespace Kite.Benchmarks.Capture;

/// <summary>
/// The capture thread's per-event cost on a recorded workload (process churn, opens, closes, a TCP
/// connection, exec): decoding alone, decoding plus the state update, and the whole path with field
/// extraction. Every row must show 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class CaptureBenchmarks
{
    private const int Parent = 5_000_000;
    private const int Child = Parent + 1;
    private const long AtFdCwd = -100;

    private byte[][] _records = [];
    private StateUpdater _state = null!;
    private SyscallEventProcessor _processor = null!;
    private ThreadTable _decodeOnlyThreads = null!;

    [GlobalSetup]
    public void Setup()
    {
        _records = Workload();
        _state = NewState();
        _processor = new SyscallEventProcessor(NewState(), new FieldReader());
        _decodeOnlyThreads = new ThreadTable();
    }

    [Benchmark(OperationsPerInvoke = 17)]
    public int Decode()
    {
        int sum = 0;
        foreach (byte[] record in _records)
        {
            if (RawEvent.TryRead(record, out var ev) == RawEventStatus.Ok)
                sum += ev.GetString(ev.ParamCount - 1).Length + ev.Tid;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = 17)]
    public int DecodeAndUpdateState()
    {
        int sum = 0;
        foreach (byte[] record in _records)
        {
            if (RawEvent.TryRead(record, out var ev) == RawEventStatus.Ok && _state.Apply(ev) is not null)
                sum++;
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = 17)]
    public void DecodeStateAndExtractFields()
    {
        foreach (byte[] record in _records)
        {
            if (RawEvent.TryRead(record, out var ev) == RawEventStatus.Ok)
                _processor.OnEvent(ev);
        }
    }

    private static StateUpdater NewState()
    {
        string root = Path.Combine(Path.GetTempPath(), "kite-bench-root");
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        File.WriteAllText(Path.Combine(root, "etc/passwd"), "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/:/bin/sh\n");
        var threads = new ThreadTable(new StateLimits(), new ProcReader(new HostRoot(root)));
        var parent = threads.Create(Parent, Parent, null);
        parent.Comm.Set("bash"u8);
        parent.Exe.Set("/bin/bash"u8);
        parent.Cwd.Set("/srv"u8);
        parent.ContainerId.Set("host"u8);
        return new StateUpdater(threads);
    }

    /// <summary>A rule engine's typical reads: names, command line, fd name, user, the rendered arguments.</summary>
    private sealed class FieldReader : IEventContextHandler
    {
        public long Sum;

        public void OnEvent(scoped in EventContext context)
        {
            Sum += Read(context, SyscallField.EvtType) + Read(context, SyscallField.ProcName) + Read(context, SyscallField.ProcCmdline)
                + Read(context, SyscallField.FdName) + Read(context, SyscallField.UserName) + Read(context, SyscallField.ProcPname)
                + Read(context, SyscallField.EvtArgs);
        }

        private static int Read(scoped in EventContext context, SyscallField field) =>
            context.TryGetString(new FieldId((int)field), FieldArgument.None, out var v) ? v.Length : 0;
    }

    /// <summary>17 records: one worker's life from fork to exit.</summary>
    internal static byte[][] Workload() =>
    [
        EventBuilder.Of(EventType.Clone, Parent, Parent).Set("res", Child).Set("flags", 0L).Build(),
        EventBuilder.Of(EventType.Clone, Child, Child).Set("res", 0).Set("exe", "/usr/bin/app").Set("args", "--serve")
            .Set("tid", Child).Set("pid", Child).Set("ptid", Parent).Set("cwd", "/srv").Set("comm", "app")
            .Set("cgroups", "cpu=/", "memory=/system.slice/app.service").Set("flags", 0L)
            .Set("uid", 1000).Set("gid", 1000).Set("vtid", 7).Set("vpid", 7).Build(),
        EventBuilder.Of(EventType.Execve, Child, Child).Set("res", 0).Set("exe", "/bin/cat").Set("args", "/etc/shadow")
            .Set("comm", "cat").Set("trusted_exepath", "/usr/bin/cat").Set("env", "HOME=/root", "PATH=/bin")
            .Set("cwd", "/srv").Set("uid", 0).Set("gid", 0).Set("loginuid", 1000).Set("cap_permitted", 0x1ffL)
            .Set("cap_effective", 0x1ffL).Set("cap_inheritable", 0L).Set("tty", 0).Set("flags", 0L).Build(),
        EventBuilder.Of(EventType.Openat, Child, Child).Set("fd", 3).Set("dirfd", AtFdCwd).Set("name", "/etc/shadow").Set("flags", 0x80000L).Build(),
        EventBuilder.Of(EventType.Openat, Child, Child).Set("fd", 4).Set("dirfd", AtFdCwd).Set("name", "../data/./x.log").Set("flags", 0x241L).Set("mode", 0x1a4L).Build(),
        EventBuilder.Of(EventType.Openat, Child, Child).Set("fd", -2).Set("dirfd", AtFdCwd).Set("name", "missing.conf").Set("flags", 0L).Build(),
        EventBuilder.Of(EventType.Dup2, Child, Child).Set("res", 1).Set("oldfd", 4).Set("newfd", 1).Build(),
        EventBuilder.Of(EventType.Generic, Child, Child).Set("ID", 0L).Set("res", 100).Build(),
        EventBuilder.Of(EventType.Close, Child, Child).Set("res", 0).Set("fd", 3).Build(),
        EventBuilder.Of(EventType.Socket, Child, Child).Set("fd", 5).Set("domain", 2).Set("type", 1).Set("proto", 0).Build(),
        EventBuilder.Of(EventType.Connect, Child, Child).Set("res", 0).Set("fd", 5)
            .SetTuple("tuple", IPEndPoint.Parse("10.0.0.7:40000"), IPEndPoint.Parse("10.0.0.1:443")).Build(),
        EventBuilder.Of(EventType.Sendto, Child, Child).Set("res", 10).Set("fd", 5).Set("size", 10).Build(),
        EventBuilder.Of(EventType.Chdir, Child, Child).Set("res", 0).Set("path", "/tmp").Build(),
        EventBuilder.Of(EventType.Close, Child, Child).Set("res", 0).Set("fd", 5).Build(),
        EventBuilder.Of(EventType.Close, Child, Child).Set("res", 0).Set("fd", 4).Build(),
        EventBuilder.Of(EventType.Setuid, Child, Child).Set("res", 0).Set("uid", 1000).Build(),
        EventBuilder.Of(EventType.Procexit, Child, Child).Set("status", 0).Set("ret", 0).Build(),
    ];
}
