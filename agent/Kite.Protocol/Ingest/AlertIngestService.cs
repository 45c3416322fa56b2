using Kite.Protocol.Grpc;
using Kite.Protocol.Grpc.Server;
using KiteAlert = Kite.Protocol.Alerts.Alert;

namespace Kite.Protocol.Ingest;

/// <summary>
/// The receiving side of `kite.v1.AlertIngest/Push` (kite-sidekick, or a test receiver): converts
/// each batch, counts and drops malformed alerts, hands the valid ones to the sink and acknowledges
/// the batch only after the sink returned. A sink that throws fails the call with UNAVAILABLE, so
/// the sender keeps the batch and retries it.
/// </summary>
public sealed class AlertIngestService
{
    /// <summary>Takes responsibility for a batch's valid alerts (store, enqueue...); returning means accepted.</summary>
    public delegate ValueTask AlertSink(IReadOnlyList<KiteAlert> alerts, GrpcServerCallContext context);

    private readonly AlertSink _sink;
    private long _batches;
    private long _accepted;
    private long _rejected;

    public AlertIngestService(AlertSink sink)
    {
        _sink = sink;
    }

    public long Batches => Interlocked.Read(ref _batches);

    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Malformed alerts refused (no rule, priority or time; bad uuid).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>The last malformed alert's reason, for diagnostics.</summary>
    public string? LastRejection { get; private set; }

    public GrpcServiceRouter MapTo(GrpcServiceRouter router) => router.MapDuplexStreaming(AlertIngestMethods.Push, PushAsync);

    private async Task PushAsync(IGrpcStreamReader<AlertBatch> batches, IGrpcStreamWriter<Ack> acks, GrpcServerCallContext context)
    {
        while (await batches.MoveNextAsync(context.CancellationToken).ConfigureAwait(false))
        {
            AlertBatch batch = batches.Current;
            var alerts = new List<KiteAlert>(batch.Alerts.Count);
            uint rejected = 0;
            foreach (Alert message in batch.Alerts)
            {
                if (IngestAlertConversion.TryFromMessage(message, out KiteAlert? alert, out string? error))
                {
                    alerts.Add(alert!);
                }
                else
                {
                    rejected++;
                    LastRejection = error;
                }
            }
            try
            {
                await _sink(alerts, context).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new GrpcException(GrpcStatusCode.Unavailable, "the receiver could not take the batch; retry later", e);
            }
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _accepted, alerts.Count);
            Interlocked.Add(ref _rejected, rejected);
            await acks.WriteAsync(new Ack { BatchId = batch.BatchId, Accepted = (uint)alerts.Count, Rejected = rejected }, context.CancellationToken).ConfigureAwait(false);
        }
    }
}
