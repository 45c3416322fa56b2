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
    private const long AtFdCwd = -100;

    private readonly string _root = Directory.CreateTempSubdirectory("kite-alloc-").FullName;

    public ZeroAllocationTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "etc"));
        File.WriteAllText(Path.Combine(_root, "etc/passwd"), "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/:/bin/sh\n");
        File.WriteAllText(Path.Combine(_root, "etc/group"), "root:x:0:\napp:x:1000:\n");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>One cycle of a worker's life: fork, exec, open/read/close files, a TCP connection, exit.</summary>
    /// <remarks>
    /// Host cgroups: a container without an /etc/passwd under /proc/PID/root makes every user lookup a miss,
    /// and a miss re-reads the database at most every 30 s, which a slow run could reach.
    /// </remarks>
    internal static byte[][] RecordedWorkload()
    {
        const int parent = StateFixture.Pid;
        const int child = StateFixture.Pid + 1;
        var records = new List<byte[]>
        {
            EventBuilder.Of(EventType.Clone, parent, parent).Set("res", child).Set("flags", 0L).Build(),
            EventBuilder.Of(EventType.Clone, child, child).Set("res", 0).Set("exe", "/usr/bin/app").Set("args", "--serve")
                .Set("tid", child).Set("pid", child).Set("ptid", parent).Set("cwd", "/srv").Set("comm", "app")
                .Set("cgroups", "cpu=/", "memory=/system.slice/app.service").Set("flags", 0L)
                .Set("uid", 1000).Set("gid", 1000).Set("vtid", 7).Set("vpid", 7).Build(),
            EventBuilder.Of(EventType.Execve, child, child).Set("res", 0).Set("exe", "/bin/cat").Set("args", "/etc/shadow")
                .Set("comm", "cat").Set("trusted_exepath", "/usr/bin/cat").Set("env", "HOME=/root", "PATH=/bin")
                .Set("cwd", "/srv").Set("uid", 0).Set("gid", 0).Set("loginuid", 1000).Set("cap_permitted", 0x1ffL)
                .Set("cap_effective", 0x1ffL).Set("cap_inheritable", 0L).Set("tty", 0).Set("flags", 0L).Build(),
            EventBuilder.Of(EventType.Openat, child, child).Set("fd", 3).Set("dirfd", AtFdCwd).Set("name", "/etc/shadow").Set("flags", 0x80000L).Build(),
            EventBuilder.Of(EventType.Openat, child, child).Set("fd", 4).Set("dirfd", AtFdCwd).Set("name", "../data/./x.log").Set("flags", 0x241L).Set("mode", 0x1a4L).Build(),
            EventBuilder.Of(EventType.Openat, child, child).Set("fd", -2).Set("dirfd", AtFdCwd).Set("name", "missing.conf").Set("flags", 0L).Build(),
            EventBuilder.Of(EventType.Dup2, child, child).Set("res", 1).Set("oldfd", 4).Set("newfd", 1).Build(),
            EventBuilder.Of(EventType.Generic, child, child).Set("ID", 0L).Set("res", 100).Build(),
            EventBuilder.Of(EventType.Close, child, child).Set("res", 0).Set("fd", 3).Build(),
            EventBuilder.Of(EventType.Socket, child, child).Set("fd", 5).Set("domain", 2).Set("type", 1).Set("proto", 0).Build(),
            EventBuilder.Of(EventType.Connect, child, child).Set("res", 0).Set("fd", 5)
                .SetTuple("tuple", IPEndPoint.Parse("10.0.0.7:40000"), IPEndPoint.Parse("10.0.0.1:443")).Build(),
            EventBuilder.Of(EventType.Sendto, child, child).Set("res", 10).Set("fd", 5).Set("size", 10).Build(),
            EventBuilder.Of(EventType.Chdir, child, child).Set("res", 0).Set("path", "/tmp").Build(),
            EventBuilder.Of(EventType.Close, child, child).Set("res", 0).Set("fd", 5).Build(),
            EventBuilder.Of(EventType.Close, child, child).Set("res", 0).Set("fd", 4).Build(),
            EventBuilder.Of(EventType.Setuid, child, child).Set("res", 0).Set("uid", 1000).Build(),
            EventBuilder.Of(EventType.Procexit, child, child).Set("status", 0).Set("ret", 0).Build(),
        };
        return [.. records];
    }

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
