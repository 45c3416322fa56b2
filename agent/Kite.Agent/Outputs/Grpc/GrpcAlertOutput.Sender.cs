using System.Diagnostics;
using Kite.Protocol.Grpc;
using Kite.Protocol.Grpc.Client;
using Kite.Protocol.Ingest;
using KiteAlert = Kite.Protocol.Alerts.Alert;

namespace Kite.Agent.Outputs.Grpc;

internal sealed partial class GrpcAlertOutput
{
    private async Task RunAsync(CancellationToken stop)
    {
        TimeSpan backoff = _options.InitialBackoff;
        while (!stop.IsCancellationRequested)
        {
            // Connect only when there is something to send.
            if (Buffered == 0)
            {
                await _signal.WaitAsync(stop).ConfigureAwait(false);
                continue;
            }
            bool progressed = false;
            try
            {
                progressed = await RunConnectionAsync(stop).ConfigureAwait(false);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                Volatile.Write(ref _lastError, e is GrpcException g ? g.Status.ToString() : e.Message);
                Interlocked.Increment(ref _reconnects);
                progressed = _progressedOnConnection;
            }
            if (stop.IsCancellationRequested)
                break;
            if (progressed)
                backoff = _options.InitialBackoff;
            // Full jitter keeps many agents from reconnecting to one sidekick in lockstep.
            TimeSpan wait = TimeSpan.FromTicks((long)(backoff.Ticks * (0.5 + Random.Shared.NextDouble() / 2)));
            await Task.Delay(wait, stop).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
        }
    }

    private bool _progressedOnConnection;

    /// <summary>One call: resend unacknowledged batches, then stream new ones until something fails.</summary>
    private async Task<bool> RunConnectionAsync(CancellationToken stop)
    {
        _progressedOnConnection = false;
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(stop);
        await using GrpcCall<AlertBatch, Ack> call = _channel.DuplexStreaming(AlertIngestMethods.Push, new GrpcCallOptions { CancellationToken = connection.Token });
        lock (_lock)
        {
            foreach (PendingBatch batch in _unacked)
                batch.SentAt = null;
        }
        Task acks = ReadAcksAsync(call, connection.Token);
        try
        {
            while (true)
            {
                PendingBatch? next = TakeBatchToSend();
                if (next is not null)
                {
                    await call.RequestStream.WriteAsync(next.Message, connection.Token).ConfigureAwait(false);
                    lock (_lock)
                        next.SentAt = Stopwatch.GetTimestamp();
                    Interlocked.Increment(ref _batchesSent);
                    continue;
                }
                if (acks.IsCompleted)
                {
                    await acks.ConfigureAwait(false);
                    throw new GrpcException(GrpcStatusCode.Unavailable, "the receiver ended the push call");
                }
                CheckAckTimeout();
                Task signalled = _signal.WaitAsync(TimeSpan.FromMilliseconds(Math.Min(_options.AckTimeout.TotalMilliseconds / 4, 1000)), connection.Token);
                await Task.WhenAny(signalled, acks).ConfigureAwait(false);
                if (signalled.IsCanceled)
                    stop.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            await connection.CancelAsync().ConfigureAwait(false);
            try
            {
                await acks.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The call is being torn down; its failure was reported by the send path.
            }
        }
    }

    /// <summary>The oldest batch not yet written on this call, else a new batch from the queue (within the in-flight window).</summary>
    private PendingBatch? TakeBatchToSend()
    {
        lock (_lock)
        {
            int inFlight = 0;
            foreach (PendingBatch batch in _unacked)
            {
                if (batch.SentAt is null)
                    return batch;
                inFlight++;
            }
            if (inFlight >= _options.MaxInFlightBatches || _pending.Count == 0)
                return null;
            var message = new AlertBatch { BatchId = _nextBatchId++ };
            int count = Math.Min(_options.BatchSize, _pending.Count);
            for (int i = 0; i < count; i++)
                message.Alerts.Add(IngestAlertConversion.ToMessage(_pending.Dequeue()));
            var created = new PendingBatch(message.BatchId, message, count);
            _unacked.Add(created);
            return created;
        }
    }

    private void CheckAckTimeout()
    {
        lock (_lock)
        {
            foreach (PendingBatch batch in _unacked)
            {
                if (batch.SentAt is long sentAt && Stopwatch.GetElapsedTime(sentAt) > _options.AckTimeout)
                    throw new TimeoutException($"batch {batch.Id} not acknowledged within {_options.AckTimeout.TotalSeconds:0.#} s");
            }
        }
    }

    private async Task ReadAcksAsync(GrpcCall<AlertBatch, Ack> call, CancellationToken cancellationToken)
    {
        while (await call.ResponseStream.MoveNextAsync(cancellationToken).ConfigureAwait(false))
        {
            Ack ack = call.ResponseStream.Current;
            lock (_lock)
            {
                int index = _unacked.FindIndex(b => b.Id == ack.BatchId);
                if (index < 0)
                    continue;
                PendingBatch batch = _unacked[index];
                _unacked.RemoveAt(index);
                _buffered -= batch.Count;
                _acked += ack.Accepted;
                _rejected += ack.Rejected;
                _progressedOnConnection = true;
                if (_buffered == 0)
                    _drained.TrySetResult();
            }
            Signal();
        }
    }
}
