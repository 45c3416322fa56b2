using System.Diagnostics;
using Kite.Agent.Capture;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.Capture;

[Trait("Category", "Privileged")]
public sealed class ProbeSessionTests
{
    private const uint GetppidSyscall = 110; // x86_64

    [RequiresBpfFact]
    public void ProbeLoadsAttachesAndDeliversEventsOfAnotherProcess()
    {
        using var probe = ProbeSession.Open(ringBufferBytes: 1 << 20);
        probe.SetInteresting(GetppidSyscall, true);
        probe.Attach();

        // Trigger: the agent's own process is excluded in the kernel, so the syscalls
        // must come from a child. `sh` calls getppid while starting.
        for (int i = 0; i < 3; i++)
        {
            using var child = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "echo $PPID > /dev/null"]) { RedirectStandardOutput = true })!;
            child.WaitForExit();
        }

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

        using var child = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "true"]))!;
        child.WaitForExit();

        Assert.Equal(0UL, probe.DrainWithLibbpf(50));
        Assert.Equal(0UL, probe.ReadCounters().EventsEmitted);
    }

    [RequiresBpfFact]
    public void AbiVersionOfTheShimIsReported()
    {
        Assert.Equal(Kite.Agent.Events.EventTable.AbiVersion, ProbeSession.AbiVersion());
    }
}
