using Kite.Agent.Diagnostics;
using Kite.Agent.Tests.Outputs;

namespace Kite.Agent.Tests.Web;

public sealed class AgentHealthTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void HealthyOnlyOnceAttachedAndEventsFlow()
    {
        var health = new AgentHealth(TimeSpan.FromSeconds(30), _time);
        Assert.Equal(new HealthStatus(false, "starting: the probe is not attached yet"), health.Check());

        health.ProbeAttached();
        Assert.Equal(new HealthStatus(false, "waiting for the first kernel event"), health.Check());

        health.ObserveEvents(0);
        Assert.False(health.Check().Healthy);

        health.ObserveEvents(120);
        Assert.Equal(new HealthStatus(true, "ok"), health.Check());
    }

    [Fact]
    public void StalledEventsTurnUnhealthyAndRecover()
    {
        var health = new AgentHealth(TimeSpan.FromSeconds(30), _time);
        health.ProbeAttached();
        health.ObserveEvents(10);

        _time.Advance(TimeSpan.FromSeconds(20));
        health.ObserveEvents(10);
        Assert.True(health.Check().Healthy);
        _time.Advance(TimeSpan.FromSeconds(15));
        health.ObserveEvents(10);
        Assert.Equal(new HealthStatus(false, "no kernel event for 35 s"), health.Check());

        health.ObserveEvents(11);
        Assert.True(health.Check().Healthy);
    }

    [Fact]
    public void ComponentProblemsAndDetachAreReported()
    {
        var health = new AgentHealth(TimeSpan.FromSeconds(30), _time);
        health.ProbeAttached();
        health.ObserveEvents(1);

        health.SetProblem("rules", "no rule loaded");
        Assert.Equal(new HealthStatus(false, "rules: no rule loaded"), health.Check());
        health.SetProblem("rules", null);
        Assert.True(health.Check().Healthy);

        health.ProbeDetached("probe detached: shutting down");
        Assert.Equal(new HealthStatus(false, "probe detached: shutting down"), health.Check());
    }
}
