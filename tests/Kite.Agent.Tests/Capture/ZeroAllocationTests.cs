using System.Net;
using Kite.Agent.Capture;
using Kite.Agent.Events;
using Kite.Agent.Fields;
using Kite.Agent.Tests.Events;
using Kite.Agent.Tests.State;
using Kite.Rules.Fields;

namespace Kite.Agent.Tests.Capture;

/// <summary>
/// The per-event path (decode, state update, field extraction) must not allocate: a million recorded events
/// of a realistic mix (process churn, opens and closes, sockets, exec) are replayed after a warm-up and the
/// thread's allocated-bytes counter must not move.
/// </summary>
public sealed class ZeroAllocationTests : IDisposable
{
    private const int Events = 1_000_000;

    private readonly string _root = Directory.CreateTempSubdirectory("kite-alloc-").FullName;

    public ZeroAllocationTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "etc"));
        File.WriteAllText(Path.Combine(_root, "etc/passwd"), "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/:/bin/sh\n");
        File.WriteAllText(Path.Combine(_root, "etc/group"), "root:x:0:\napp:x:1000:\n");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <remarks>
    /// Host cgroups: a container without an /etc/passwd under /proc/PID/root makes every user lookup a miss,
    /// and a miss re-reads the database at most every 30 s, which a slow run could reach.
    /// </remarks>
    internal static byte[][] RecordedWorkload() => Capture.RecordedWorkload.Build(StateFixture.Pid);

    private sealed class Extractor : IEventContextHandler
    {
        private static readonly FieldArgument Parent = FieldArgument.FromIndex(1);
        public long Checksum;

        public void OnEvent(scoped in EventContext context)
        {
            Read(context, SyscallField.EvtType);
            Read(context, SyscallField.ProcName);
            Read(context, SyscallField.ProcCmdline);
            Read(context, SyscallField.FdName);
            Read(context, SyscallField.UserName);
            Read(context, SyscallField.EvtArgs);
            Read(context, SyscallField.EvtRes);
            Read(context, SyscallField.ContainerId);
            if (context.TryGetString(new FieldId((int)SyscallField.ProcAname), Parent, out var pname))
                Checksum += pname.Length;
            if (context.TryGetInt64(new FieldId((int)SyscallField.FdNum), FieldArgument.None, out long fd))
                Checksum += fd;
            if (context.TryGetAddress(new FieldId((int)SyscallField.FdSip), FieldArgument.None, out _))
                Checksum++;
        }

        private void Read(scoped in EventContext context, SyscallField field)
        {
            if (context.TryGetString(new FieldId((int)field), FieldArgument.None, out var value))
                Checksum += value.Length;
        }
    }

    [Fact]
    public void DecodingStateUpdatesAndFieldExtractionAllocateNothing()
    {
        var state = new StateFixture(_root);
        var extractor = new Extractor();
        var processor = new SyscallEventProcessor(state.Updater, extractor);
        byte[][] workload = RecordedWorkload();

        void Replay(int count)
        {
            for (int i = 0; i < count; i++)
            {
                byte[] record = workload[i % workload.Length];
                if (RawEvent.TryRead(record, out var ev) == RawEventStatus.Ok)
                    processor.OnEvent(ev);
            }
        }

        Replay(workload.Length * 50); // warm-up: pools, buffers, caches, tiered JIT
        long before = GC.GetAllocatedBytesForCurrentThread();
        Replay(Events);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(extractor.Checksum > 0);
        Assert.Equal(0UL, state.Threads.Stats.ThreadMisses);
        Assert.True(state.Threads.Stats.ThreadsAdded > (ulong)(Events / workload.Length));
    }
}
