using System.Diagnostics;
using Kite.Protocol.Alerts;
using Kite.Protocol.Grpc;
using Kite.Protocol.Grpc.Client;
using Kite.Protocol.Ingest;
using KiteAlert = Kite.Protocol.Alerts.Alert;

namespace Kite.Agent.Outputs.Grpc;

/// <summary>
/// `grpc_output` as a push client of `kite.v1.AlertIngest/Push`. Alerts are buffered (bounded:
/// beyond <see cref="GrpcOutputOptions.MaxBufferedAlerts"/> new alerts are dropped and counted),
/// sent in batches over one long-lived bidirectional call, and forgotten only when the receiver
/// acknowledges their batch. On any failure (connection refused, reset, missing ack) the call is
/// re-established with exponential backoff and every unacknowledged batch is sent again, in order:
/// delivery is at least once.
/// </summary>
internal sealed partial class GrpcAlertOutput : IAlertOutput
{
    private readonly GrpcOutputOptions _options;
    private readonly GrpcChannel _channel;
    private readonly object _lock = new();
    private readonly Queue<KiteAlert> _pending = new();
    // Batches taken from _pending, oldest first; each is sent (maybe again) until acknowledged.
    private readonly List<PendingBatch> _unacked = [];
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sender;
    private TaskCompletionSource _drained = NewDrained(completed: true);
    private ulong _nextBatchId = 1;
    private int _buffered;
    private long _dropped;
    private long _acked;
    private long _rejected;
    private long _batchesSent;
    private long _reconnects;
    private string? _lastError;

    public GrpcAlertOutput(GrpcOutputOptions options)
    {
        if (options.Validate() is string problem)
            throw new InvalidOperationException(problem);
        if (string.IsNullOrWhiteSpace(options.Address))
            throw new InvalidOperationException("grpc_output.address is required to push alerts");
        _options = options;
        _channel = GrpcChannel.Create(new GrpcChannelOptions
        {
            Address = options.Address,
            ClientCertificate = string.IsNullOrEmpty(options.CertChain) ? null : GrpcTlsFiles.LoadCertificate(options.CertChain, options.PrivateKey!),
            RootCertificates = string.IsNullOrEmpty(options.RootCerts) ? null : GrpcTlsFiles.LoadBundle(options.RootCerts),
            ServerNameOverride = options.ServerName,
            DefaultHeaders = options.Headers,
            ConnectTimeout = options.ConnectTimeout,
            KeepAlivePingDelay = options.KeepAlivePingDelay,
            KeepAlivePingTimeout = options.KeepAlivePingTimeout,
            KeepAlivePingWithoutCalls = true,
        });
        _sender = Task.Run(() => RunAsync(_stop.Token));
    }

    public string Name => "grpc";

    /// <summary>Alerts queued or sent but not yet acknowledged.</summary>
    public int Buffered => Volatile.Read(ref _buffered);

    /// <summary>Alerts dropped because the buffer was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Alerts the receiver acknowledged as accepted.</summary>
    public long Acknowledged => Interlocked.Read(ref _acked);

    /// <summary>Alerts the receiver acknowledged as malformed (not retried).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Batch transmissions, resends included.</summary>
    public long BatchesSent => Interlocked.Read(ref _batchesSent);

    /// <summary>Failed connections or calls that led to a reconnect.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Why the last connection failed (no secrets: status and transport message only).</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    public ValueTask WriteAsync(KiteAlert alert, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_buffered >= _options.MaxBufferedAlerts)
            {
                _dropped++;
                return ValueTask.CompletedTask;
            }
            _pending.Enqueue(alert);
            _buffered++;
            if (_drained.Task.IsCompleted)
                _drained = NewDrained(completed: false);
        }
        Signal();
        return ValueTask.CompletedTask;
    }

    /// <summary>Waits until every buffered alert has been acknowledged (or the token fires).</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        Task drained;
        lock (_lock)
            drained = _drained.Task;
        await drained.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        using (var grace = new CancellationTokenSource(_options.ShutdownTimeout))
        {
            try
            {
                await FlushAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // What is left is lost: the receiver was unreachable for the whole grace period.
            }
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _sender.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Stopping tears down the call in flight; its failure is expected here.
        }
        _channel.Dispose();
        _stop.Dispose();
        _signal.Dispose();
    }

    private void Signal()
    {
        try
        {
            if (_signal.CurrentCount == 0)
                _signal.Release();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static TaskCompletionSource NewDrained(bool completed)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
            tcs.SetResult();
        return tcs;
    }

    private sealed class PendingBatch(ulong id, AlertBatch message, int count)
    {
        public ulong Id { get; } = id;

        public AlertBatch Message { get; } = message;

        public int Count { get; } = count;

        /// <summary>When the batch was last written on the current call; null when it still has to be (re)sent.</summary>
        public long? SentAt { get; set; }
    }
}
