using BenchmarkDotNet.Attributes;
using Kite.Agent.Capture;
using Kite.Agent.Events;
using Kite.Agent.Fields;
using Kite.Agent.State;
using Kite.Agent.Tests.Capture;
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

    private byte[][] _records = [];
    private StateUpdater _state = null!;
    private SyscallEventProcessor _processor = null!;
    private ThreadTable _decodeOnlyThreads = null!;

    [GlobalSetup]
    public void Setup()
    {
        _records = RecordedWorkload.Build(Parent);
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
}
