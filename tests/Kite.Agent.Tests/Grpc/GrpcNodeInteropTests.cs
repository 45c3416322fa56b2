using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Kite.Protocol.Alerts;
using Kite.Protocol.Grpc;
using Kite.Protocol.Grpc.Client;
using Kite.Protocol.Grpc.Server;

namespace Kite.Agent.Tests.Grpc;

/// <summary>
/// Both directions against grpc-js: Kite's client calling a grpc-js server (TCP and unix socket),
/// and a grpc-js client streaming batches to Kite's alert-ingest service.
/// </summary>
public sealed class GrpcNodeInteropTests : IDisposable
{
    private readonly TempPaths _temp = new();

    public void Dispose() => _temp.Dispose();

    private static async Task<(NodePeer Node, GrpcChannel Channel)> StartNodeServerAsync(string bind, Func<JsonElement, string> clientAddress)
    {
        NodePeer node = NodePeer.Start("serve", bind);
        JsonElement listening = await node.NextAsync("listening");
        var channel = GrpcChannel.Create(new GrpcChannelOptions
        {
            Address = clientAddress(listening),
            DefaultHeaders = new Dictionary<string, string> { ["containerd-namespace"] = "k8s.io" },
        });
        return (node, channel);
    }

    [RequiresGrpcNodeFact]
    public async Task KiteClientCallsGrpcJsServerOverTcp()
    {
        var (node, channel) = await StartNodeServerAsync("127.0.0.1:0", l => $"127.0.0.1:{l.GetProperty("port").GetInt32()}");
        await using (node)
        using (channel)
        {
            Assert.Equal("node echo: hello", (await channel.UnaryAsync(TestServices.Echo, new StringValue { Value = "hello" })).Value);
            Assert.Equal("k8s.io", (await channel.UnaryAsync(TestServices.Metadata, new StringValue { Value = "containerd-namespace" })).Value);

            var failure = await Assert.ThrowsAsync<GrpcException>(() => channel.UnaryAsync(TestServices.Fail, new StringValue { Value = "100% sure" }));
            Assert.Equal(GrpcStatusCode.FailedPrecondition, failure.StatusCode);
            Assert.Equal("node says no: 100% sure", failure.Status.Detail);

            await using (var count = channel.ServerStreaming(TestServices.Count, new Int32Value { Value = 100 }))
            {
                var values = new List<int>();
                await foreach (Int32Value v in count.ResponseStream.ReadAllAsync())
                    values.Add(v.Value);
                Assert.Equal(Enumerable.Range(1, 100), values);
                Assert.True(count.GetStatus().IsOk);
            }

            await using (var sum = channel.ClientStreaming(TestServices.Sum))
            {
                for (int i = 1; i <= 10; i++)
                    await sum.RequestStream.WriteAsync(new Int32Value { Value = i });
                await sum.RequestStream.CompleteAsync();
                Assert.Equal(55, (await sum.ResponseAsync).Value);
            }

            var slow = await Assert.ThrowsAsync<GrpcException>(() => channel.UnaryAsync(TestServices.Slow, new StringValue { Value = "x" }, new GrpcCallOptions { Timeout = TimeSpan.FromMilliseconds(1000) }));
            Assert.Equal(GrpcStatusCode.DeadlineExceeded, slow.StatusCode);
            // grpc-js saw the deadline (from grpc-timeout or our RST_STREAM) and cancelled its handler.
            await node.NextAsync("slow-cancelled");

            var missing = await Assert.ThrowsAsync<GrpcException>(() => channel.UnaryAsync(TestServices.Missing, new StringValue()));
            Assert.Equal(GrpcStatusCode.Unimplemented, missing.StatusCode);
        }
    }

    [RequiresGrpcNodeFact]
    public async Task KiteClientCallsGrpcJsServerOverUnixSocket()
    {
        string socket = _temp.File("node.sock");
        var (node, channel) = await StartNodeServerAsync("unix://" + socket, _ => "unix://" + socket);
        await using (node)
        using (channel)
        {
            Assert.Equal("node echo: over unix", (await channel.UnaryAsync(TestServices.Echo, new StringValue { Value = "over unix" })).Value);
            await using var count = channel.ServerStreaming(TestServices.Count, new Int32Value { Value = 5 });
            Assert.Equal(5, await count.ResponseStream.ReadAllAsync().CountAsync());
        }
    }

    [RequiresGrpcNodeFact]
    public async Task GrpcJsClientStreamsBatchesToIngestAndGetsOneAckPerBatch()
    {
        await using var receiver = await IngestReceiver.StartAsync(new GrpcServerOptions { BindAddress = "127.0.0.1:0" });
        await using var node = NodePeer.Start("ingest", $"127.0.0.1:{receiver.Port}", "5", "10");
        List<JsonElement> events = await node.UntilAsync("status");

        var acks = events.Where(e => e.GetProperty("event").GetString() == "ack").ToList();
        Assert.Equal(["1", "2", "3", "4", "5"], acks.Select(a => a.GetProperty("batch_id").GetString()));
        Assert.All(acks, a => Assert.Equal(10, a.GetProperty("accepted").GetInt32()));
        Assert.Equal(0, events[^1].GetProperty("code").GetInt32());

        Assert.Equal(50, receiver.Received.Count);
        Alert first = receiver.Received.First(a => a.Rule == "node rule 1.3");
        Assert.Equal(AlertPriority.Warning, first.Priority);
        Assert.Equal((1_700_000_001L * 1_000_000_000) + 3, first.TimeUnixNanos);
        Assert.Equal(["node", "test"], first.Tags);
        Assert.Equal(AlertFieldValue.FromInt64(1003), first.OutputFields.Single(f => f.Name == "proc.pid").Value);
        Assert.Equal(AlertFieldValue.FromString("node"), first.OutputFields.Single(f => f.Name == "proc.name").Value);
        Assert.True(first.OutputFields.Single(f => f.Name == "fd.name").Value.IsNull);
    }

    [RequiresGrpcNodeFact]
    public async Task MalformedAlertsFromGrpcJsAreRejectedAndCounted()
    {
        await using var receiver = await IngestReceiver.StartAsync(new GrpcServerOptions { BindAddress = "127.0.0.1:0" });
        await using var node = NodePeer.Start("ingest", $"127.0.0.1:{receiver.Port}", "2", "4", "malformed");
        List<JsonElement> events = await node.UntilAsync("status");

        var acks = events.Where(e => e.GetProperty("event").GetString() == "ack").ToList();
        Assert.Equal(2, acks.Count);
        Assert.All(acks, a =>
        {
            Assert.Equal(3, a.GetProperty("accepted").GetInt32());
            Assert.Equal(1, a.GetProperty("rejected").GetInt32());
        });
        Assert.Equal(2, receiver.Service.Rejected);
        Assert.Contains("priority", receiver.Service.LastRejection, StringComparison.Ordinal);
    }
}
