using Kite.Protocol.Falco;
using Kite.Protocol.Grpc;
using Kite.Protocol.Grpc.Server;

namespace Kite.Agent.Outputs.Grpc;

/// <summary>
/// Serves the legacy `falco.outputs.service` from an <see cref="AlertBroadcastHub"/>:
/// `sub` streams every new alert until the client half-closes or cancels; `get` streams the
/// retained recent alerts and ends (or, with keepalive, goes on like `sub`).
/// </summary>
internal sealed class FalcoOutputsService
{
    private readonly AlertBroadcastHub _hub;

    public FalcoOutputsService(AlertBroadcastHub hub)
    {
        _hub = hub;
    }

    public GrpcServiceRouter MapTo(GrpcServiceRouter router) => router
        .MapDuplexStreaming(FalcoOutputsMethods.Sub, SubAsync)
        .MapServerStreaming(FalcoOutputsMethods.Get, GetAsync);

    private async Task SubAsync(IGrpcStreamReader<request> requests, IGrpcStreamWriter<response> responses, GrpcServerCallContext context)
    {
        using var subscription = _hub.Subscribe(context.Peer);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        // Requests only keep the stream alive; the subscription ends when the client half-closes.
        Task requestsDone = DrainRequestsAsync(requests, ended);
        try
        {
            await PumpAsync(subscription, responses, ended.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            // The client half-closed: finish with OK.
        }
        await requestsDone.ConfigureAwait(false);
    }

    private static async Task DrainRequestsAsync(IGrpcStreamReader<request> requests, CancellationTokenSource ended)
    {
        try
        {
            while (await requests.MoveNextAsync(ended.Token).ConfigureAwait(false))
            {
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception) when (ended.IsCancellationRequested)
        {
        }
        finally
        {
            await ended.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task GetAsync(request request, IGrpcStreamWriter<response> responses, GrpcServerCallContext context)
    {
        // Subscribe before taking the snapshot so nothing published in between is missed.
        using AlertSubscription? subscription = request.Keepalive ? _hub.Subscribe(context.Peer) : null;
        foreach (response recent in _hub.Recent())
            await responses.WriteAsync(recent, context.CancellationToken).ConfigureAwait(false);
        if (subscription is not null)
            await PumpAsync(subscription, responses, context.CancellationToken).ConfigureAwait(false);
    }

    private static async Task PumpAsync(AlertSubscription subscription, IGrpcStreamWriter<response> responses, CancellationToken cancellationToken)
    {
        while (await subscription.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (subscription.Reader.TryRead(out response? alert))
            {
                await responses.WriteAsync(alert, cancellationToken).ConfigureAwait(false);
                subscription.CountDelivered();
            }
        }
    }
}
