using System.Text.Json;
using Kite.Agent.Outputs.Grpc;
using Kite.Protocol.Grpc.Server;

namespace Kite.Agent.Tests.Grpc;

/// <summary>The legacy falco.outputs.service, driven by grpc-js as an unmodified third-party client.</summary>
public sealed class FalcoOutputsServiceTests : IAsyncLifetime
{
    private const int SubscriberCapacity = 16;
    private readonly AlertBroadcastHub _hub = new(SubscriberCapacity, recentCapacity: 3);
    private GrpcServer _server = null!;
    private string _address = null!;

    public async Task InitializeAsync()
    {
        _server = await KiteGrpcServices.StartAsync(new GrpcServerOptions { Enabled = true, BindAddress = "127.0.0.1:0" }, _hub);
        _address = $"127.0.0.1:{_server.Port}";
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task WaitForSubscribersAsync(int count) =>
        SampleAlerts.WaitUntilAsync(() => _hub.Subscribers.Count == count, $"{count} subscribers");

    [RequiresGrpcNodeFact]
    public async Task NodeSubscriberReceivesThePublishedAlertWithFalcoFields()
    {
        await using var node = NodePeer.Start("sub", _address, "1");
        await WaitForSubscribersAsync(1);
        _hub.Publish(SampleAlerts.Create(7));

        JsonElement alert = await node.NextAsync("alert");
        Assert.Equal("rule 7", alert.GetProperty("rule").GetString());
        Assert.Equal("WARNING", alert.GetProperty("priority").GetString());
        Assert.Equal("SYSCALL", alert.GetProperty("source").GetString());
        Assert.Equal("alert 7 by pid=1007", alert.GetProperty("output").GetString());
        Assert.Equal("node-1", alert.GetProperty("hostname").GetString());
        Assert.Equal(["T1059", "container"], alert.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal((SampleAlerts.BaseTime + 7) / 1_000_000_000, long.Parse(alert.GetProperty("seconds").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((int)((SampleAlerts.BaseTime + 7) % 1_000_000_000), alert.GetProperty("nanos").GetInt32());
        JsonElement fields = alert.GetProperty("output_fields");
        Assert.Equal("bash", fields.GetProperty("proc.name").GetString());
        Assert.Equal("1007", fields.GetProperty("proc.pid").GetString());
        Assert.Equal("<NA>", fields.GetProperty("container.id").GetString());

        JsonElement status = await node.NextAsync("status");
        Assert.Equal(0, status.GetProperty("code").GetInt32());
        await SampleAlerts.WaitUntilAsync(() => _hub.Subscribers.Count == 0, "the subscription to end");
    }

    [RequiresGrpcNodeFact]
    public async Task EverySubscriberReceivesEveryAlert()
    {
        const int Count = 12;
        await using var first = NodePeer.Start("sub", _address, Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await using var second = NodePeer.Start("sub", _address, Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await WaitForSubscribersAsync(2);
        for (int i = 0; i < Count; i++)
            _hub.Publish(SampleAlerts.Create(i));

        foreach (NodePeer node in new[] { first, second })
        {
            List<JsonElement> events = await node.UntilAsync("status");
            Assert.Equal(Enumerable.Range(0, Count).Select(i => $"rule {i}"),
                events.Where(e => e.GetProperty("event").GetString() == "alert").Select(e => e.GetProperty("rule").GetString()));
            Assert.Equal(0, events[^1].GetProperty("code").GetInt32());
        }
        Assert.Equal(0, _hub.Dropped);
    }

    [RequiresGrpcNodeFact]
    public async Task GetReturnsTheRecentAlertsAndEnds()
    {
        for (int i = 0; i < 5; i++)
            _hub.Publish(SampleAlerts.Create(i));
        await using var node = NodePeer.Start("get", _address);
        List<JsonElement> events = await node.UntilAsync("status");
        // Only the 3 most recent are retained.
        Assert.Equal(["rule 2", "rule 3", "rule 4"], events.Where(e => e.GetProperty("event").GetString() == "alert").Select(e => e.GetProperty("rule").GetString()));
        Assert.Equal(0, events[^1].GetProperty("code").GetInt32());
    }

    [RequiresGrpcNodeFact]
    public async Task MalformedAndUnknownCallsGetAProperStatus()
    {
        await using var node = NodePeer.Start("bad", _address);
        JsonElement malformed = await node.NextAsync("malformed");
        Assert.Equal(13, malformed.GetProperty("code").GetInt32()); // INTERNAL
        Assert.Contains("parse", malformed.GetProperty("details").GetString(), StringComparison.Ordinal);
        JsonElement unknown = await node.NextAsync("unknown");
        Assert.Equal(12, unknown.GetProperty("code").GetInt32()); // UNIMPLEMENTED
    }

    [RequiresGrpcNodeFact]
    public async Task StalledSubscriberDropsAreCountedWhileOthersGoOn()
    {
        // 400 alerts of 2 KiB are far more than the stalled stream's HTTP/2 window plus Kestrel's buffer.
        const int Count = 400;
        await using var healthy = NodePeer.Start("sub", _address, Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await WaitForSubscribersAsync(1);
        AlertSubscription healthySubscription = _hub.Subscribers[0];
        await using var stalled = NodePeer.Start("sub", _address, Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "pause");
        await stalled.NextAsync("paused");
        await WaitForSubscribersAsync(2);
        AlertSubscription stalledSubscription = _hub.Subscribers.Single(s => !ReferenceEquals(s, healthySubscription));

        for (int i = 0; i < Count; i++)
        {
            // Large outputs exhaust the stalled stream's HTTP/2 window quickly.
            _hub.Publish(SampleAlerts.Create(i, outputPadding: 2048));
            if (i % 8 == 7)
                await SampleAlerts.WaitUntilAsync(
                    () => healthySubscription.Delivered == _hub.Published,
                    () => $"the healthy subscriber to keep up: published {_hub.Published}, delivered {healthySubscription.Delivered}, dropped {healthySubscription.Dropped}, buffered {healthySubscription.Reader.Count}; node: {healthy.Stderr}",
                    TimeSpan.FromSeconds(90));
        }

        List<JsonElement> events = await healthy.UntilAsync("status");
        Assert.Equal(Count, events.Count(e => e.GetProperty("event").GetString() == "alert"));
        Assert.Equal(0, healthySubscription.Dropped);
        Assert.True(stalledSubscription.Dropped > 0, "the stalled subscriber dropped nothing");
        // Every alert is accounted for: dropped, delivered, buffered, or the one blocked in the stalled write.
        Assert.InRange(stalledSubscription.Dropped + stalledSubscription.Delivered + stalledSubscription.Reader.Count, Count - 1, Count);
        Assert.Equal(stalledSubscription.Dropped, _hub.Dropped);
    }
}
