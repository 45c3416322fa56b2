using Kite.Agent.Outputs.Grpc;
using Kite.Protocol.Falco;

namespace Kite.Agent.Tests.Grpc;

public sealed class AlertBroadcastHubTests
{
    [Fact]
    public void EverySubscriberGetsEveryAlert()
    {
        var hub = new AlertBroadcastHub(subscriberCapacity: 8);
        using AlertSubscription a = hub.Subscribe("a"), b = hub.Subscribe("b");
        for (int i = 0; i < 5; i++)
            hub.Publish(SampleAlerts.Create(i));
        foreach (AlertSubscription s in new[] { a, b })
        {
            var rules = new List<string>();
            while (s.Reader.TryRead(out response? r))
                rules.Add(r.Rule);
            Assert.Equal(Enumerable.Range(0, 5).Select(i => $"rule {i}"), rules);
        }
    }

    [Fact]
    public void FullSubscriberDropsNewAlertsAloneAndCountsThem()
    {
        var hub = new AlertBroadcastHub(subscriberCapacity: 4);
        using AlertSubscription slow = hub.Subscribe("slow"), fast = hub.Subscribe("fast");
        for (int i = 0; i < 10; i++)
        {
            hub.Publish(SampleAlerts.Create(i));
            Assert.True(fast.Reader.TryRead(out _));
        }
        Assert.Equal(6, slow.Dropped);
        Assert.Equal(0, fast.Dropped);
        Assert.Equal(6, hub.Dropped);
        Assert.Equal(4, slow.Reader.Count);
    }

    [Fact]
    public void RecentKeepsTheNewestAlertsOldestFirst()
    {
        var hub = new AlertBroadcastHub(recentCapacity: 3);
        Assert.Empty(hub.Recent());
        for (int i = 0; i < 7; i++)
            hub.Publish(SampleAlerts.Create(i));
        Assert.Equal(["rule 4", "rule 5", "rule 6"], hub.Recent().Select(r => r.Rule));
    }

    [Fact]
    public void DisposedSubscriptionStopsReceiving()
    {
        var hub = new AlertBroadcastHub();
        AlertSubscription s = hub.Subscribe("gone");
        s.Dispose();
        hub.Publish(SampleAlerts.Create(1));
        Assert.Empty(hub.Subscribers);
        Assert.True(s.Reader.Completion.IsCompleted);
    }

    [Fact]
    public async Task BroadcastOutputPublishesEachAlert()
    {
        var hub = new AlertBroadcastHub();
        using AlertSubscription s = hub.Subscribe("x");
        await using var output = new AlertBroadcastOutput(hub);
        await output.WriteAsync(SampleAlerts.Create(9), default);
        Assert.True(s.Reader.TryRead(out response? r));
        Assert.Equal("rule 9", r.Rule);
        Assert.Equal(1, hub.Published);
    }
}
