using Kite.Protocol.Alerts;

namespace Kite.Agent.Outputs.Grpc;

/// <summary>The output that feeds gRPC subscribers (Falco's `grpc_output`): publishes each alert to the hub.</summary>
internal sealed class AlertBroadcastOutput : IAlertOutput
{
    private readonly AlertBroadcastHub _hub;

    public AlertBroadcastOutput(AlertBroadcastHub hub)
    {
        _hub = hub;
    }

    public string Name => "grpc_subscribers";

    public ValueTask WriteAsync(Alert alert, CancellationToken cancellationToken)
    {
        _hub.Publish(alert);
        return ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
