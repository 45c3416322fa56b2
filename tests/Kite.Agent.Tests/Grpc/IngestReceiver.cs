using System.Collections.Concurrent;
using Kite.Protocol.Alerts;
using Kite.Protocol.Grpc.Server;
using Kite.Protocol.Ingest;
using Alert = Kite.Protocol.Alerts.Alert;

namespace Kite.Agent.Tests.Grpc;

/// <summary>
/// A kite.v1.AlertIngest receiver built on the internal gRPC component, standing in for
/// kite-sidekick. <see cref="Hold"/> lets a test stop acknowledging (the sink blocks until the
/// call is cancelled) to simulate a stuck or dying receiver.
/// </summary>
internal sealed class IngestReceiver : IAsyncDisposable
{
    private readonly GrpcServer _server;

    private IngestReceiver(GrpcServer server, AlertIngestService service, ConcurrentQueue<Alert> received)
    {
        _server = server;
        Service = service;
        Received = received;
    }

    public AlertIngestService Service { get; }

    /// <summary>Every alert the sink took, duplicates included (delivery is at least once).</summary>
    public ConcurrentQueue<Alert> Received { get; }

    /// <summary>Returns true to block the sink (no ack) for the batch about to be taken.</summary>
    public Func<int, bool> Hold { get; set; } = _ => false;

    public int Port => _server.Port;

    public string Address => _server.ClientAddress;

    public static async Task<IngestReceiver> StartAsync(GrpcServerOptions options)
    {
        var received = new ConcurrentQueue<Alert>();
        IngestReceiver? self = null;
        var service = new AlertIngestService(async (alerts, context) =>
        {
            if (self!.Hold(received.Count))
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            foreach (Alert alert in alerts)
                received.Enqueue(alert);
        });
        var router = service.MapTo(new GrpcServiceRouter());
        GrpcServer server = await GrpcServer.StartAsync(options with { Enabled = true }, router);
        self = new IngestReceiver(server, service, received);
        return self;
    }

    public HashSet<string> DistinctRules() => Received.Select(a => a.Rule).ToHashSet();

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
