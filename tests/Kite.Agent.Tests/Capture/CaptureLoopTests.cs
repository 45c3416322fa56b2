using System.Collections.Concurrent;
using System.Diagnostics;
using Kite.Agent.Capture;
using Kite.Agent.Events;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.Capture;

[Trait("Category", "Privileged")]
public sealed class CaptureLoopTests
{
    private const uint GetppidSyscall = 110; // x86_64
    private const int GenericExitType = 1; // KITE_EVT_GENERIC_X: syscall_nr (u32), res (s64)

    private sealed class RecordingSink : IEventSink
    {
        public readonly ConcurrentQueue<(int Pid, ushort Type, ulong Nr, long Res)> Events = new();
        public int Batches;

        public void OnEvent(in RawEvent ev) => Events.Enqueue((ev.Pid, ev.TypeId, ev.GetUInt64(0), ev.GetInt64(1)));

        public void OnBatchEnd() => Interlocked.Increment(ref Batches);
    }

    [RequiresBpfFact]
    public void MappedRingDeliversTheEventsOfAChildProcessOnTheCaptureThread()
    {
        using var probe = ProbeSession.Open(ringBufferBytes: 1 << 20);
        probe.SetInteresting(GetppidSyscall, true);
        probe.Attach();
        using var ring = BpfRingBuffer.Map(probe);
        var sink = new RecordingSink();
        using var loop = new CaptureLoop(ring, sink);
        loop.Start();

        // Trigger: the agent's own process is excluded in the kernel; `sh` calls getppid for $PPID.
        var pids = new List<int>();
        for (int i = 0; i < 3; i++)
        {
            using var child = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "echo $PPID > /dev/null"]))!;
            pids.Add(child.Id);
            child.WaitForExit();
        }

        var deadline = Stopwatch.StartNew();
        while (!sink.Events.Any(e => pids.Contains(e.Pid)) && deadline.Elapsed < TimeSpan.FromSeconds(5))
            Thread.Sleep(20);
        loop.Stop();

        Assert.Null(loop.Fault);
        var ours = sink.Events.Where(e => pids.Contains(e.Pid)).ToList();
        Assert.NotEmpty(ours);
        Assert.All(ours, e =>
        {
            Assert.Equal(GenericExitType, e.Type);
            Assert.Equal(GetppidSyscall, e.Nr);
            Assert.True(e.Res > 0, "getppid returns the parent's pid");
        });
        Assert.Equal(0UL, loop.Stats.Malformed);
        Assert.True(sink.Batches > 0);
        Assert.True(loop.RingStats.Records >= (ulong)ours.Count);
    }

    [RequiresBpfFact]
    public void StopReturnsPromptlyWhileTheLoopWaitsOnAnIdleRing()
    {
        using var probe = ProbeSession.Open(ringBufferBytes: 1 << 16);
        using var ring = BpfRingBuffer.Map(probe);
        using var loop = new CaptureLoop(ring, new RecordingSink(), new CaptureLoopOptions { MinWaitMs = 1000, MaxWaitMs = 10_000 });
        loop.Start();
        Thread.Sleep(100);

        var stopwatch = Stopwatch.StartNew();
        loop.Stop();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"stop took {stopwatch.Elapsed}");
        Assert.False(loop.IsRunning);
    }
}
