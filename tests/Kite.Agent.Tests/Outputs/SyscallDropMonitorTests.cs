using Kite.Agent.Configuration;
using Kite.Agent.Outputs;
using Kite.Protocol.Alerts;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kite.Agent.Tests.Outputs;

public sealed class SyscallDropMonitorTests
{
    private readonly List<Alert> _alerts = [];
    private readonly List<string> _exits = [];
    private readonly ManualTimeProvider _time = new();

    private SyscallDropMonitor Create(SyscallEventDropsConfig config) =>
        new(config, _alerts.Add, _exits.Add, NullLogger.Instance, "node-1", _time);

    [Fact]
    public void DropsBelowThresholdDoNothing()
    {
        SyscallDropMonitor monitor = Create(new SyscallEventDropsConfig { Threshold = 0.1 });

        Assert.Equal(SyscallDropActions.None, monitor.OnInterval(new KernelDropSample(1000, 50)));
        Assert.Equal(SyscallDropActions.None, monitor.OnInterval(new KernelDropSample(1000, 0)));
        Assert.Empty(_alerts);
    }

    [Fact]
    public void DropsAboveThresholdRaiseAFalcoShapedInternalAlert()
    {
        SyscallDropMonitor monitor = Create(new SyscallEventDropsConfig { Threshold = 0.1, Actions = SyscallDropActions.Log | SyscallDropActions.Alert });

        SyscallDropActions ran = monitor.OnInterval(new KernelDropSample(800, 150, 50));

        Assert.Equal(SyscallDropActions.Log | SyscallDropActions.Alert, ran);
        Alert alert = Assert.Single(_alerts);
        Assert.Equal("Kite internal: syscall event drop", alert.Rule);
        Assert.Equal(AlertPriority.Critical, alert.Priority);
        Assert.Equal("internal", alert.Source);
        Assert.Equal("Kite internal: syscall event drop. 200 system calls dropped in last second.", alert.Output);
        Assert.Equal(200, alert.OutputFields.Single(f => f.Name == "n_drops").Value.AsInt64);
        Assert.Equal(800, alert.OutputFields.Single(f => f.Name == "n_evts").Value.AsInt64);
        Assert.Equal(20.0, alert.OutputFields.Single(f => f.Name == "n_drops_perc").Value.AsDouble);
        Assert.Empty(_exits);
    }

    [Fact]
    public void ThresholdZeroActsOnAnyDrop()
    {
        SyscallDropMonitor monitor = Create(new SyscallEventDropsConfig { Threshold = 0, Actions = SyscallDropActions.Alert });

        monitor.OnInterval(new KernelDropSample(1_000_000, 1));

        Assert.Single(_alerts);
    }

    [Fact]
    public void TokenBucketLimitsActionsToOneEveryThirtySeconds()
    {
        SyscallDropMonitor monitor = Create(new SyscallEventDropsConfig { Threshold = 0, Actions = SyscallDropActions.Alert, Rate = 0.03333, MaxBurst = 1 });

        for (int second = 0; second < 63; second++)
        {
            monitor.OnInterval(new KernelDropSample(100, 10));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(3, _alerts.Count);
        Assert.Equal(60, monitor.Throttled);
    }

    [Fact]
    public void ExitActionAsksTheAgentToStop()
    {
        SyscallDropMonitor monitor = Create(new SyscallEventDropsConfig { Threshold = 0, Actions = SyscallDropActions.Exit });

        monitor.OnInterval(new KernelDropSample(10, 10));

        string reason = Assert.Single(_exits);
        Assert.Contains("10 system calls dropped", reason, StringComparison.Ordinal);
        Assert.Empty(_alerts);
    }

    [Fact]
    public void IgnoreDoesNothingEvenOnHeavyDrops()
    {
        SyscallDropMonitor monitor = Create(new SyscallEventDropsConfig { Threshold = 0, Actions = SyscallDropActions.None });

        Assert.Equal(SyscallDropActions.None, monitor.OnInterval(new KernelDropSample(0, 1_000_000)));
        Assert.Empty(_alerts);
        Assert.Empty(_exits);
    }

    [Fact]
    public void SimulatedDropsActWithoutRealDrops()
    {
        SyscallDropMonitor monitor = Create(new SyscallEventDropsConfig { Threshold = 0.5, Actions = SyscallDropActions.Alert, SimulateDrops = true });

        monitor.OnInterval(new KernelDropSample(1000, 0));

        Assert.Single(_alerts);
    }
}
