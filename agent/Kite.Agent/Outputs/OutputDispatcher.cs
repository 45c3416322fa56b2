using System.Runtime.InteropServices;
using System.Threading.Channels;
using Kite.Agent.Diagnostics;
using Kite.Protocol.Alerts;
using Microsoft.Extensions.Logging;

namespace Kite.Agent.Outputs;

/// <summary>
/// Carries alerts from the rule engine to the outputs.
/// <list type="number">
/// <item>The capture thread calls <see cref="TryEnqueue"/>: never blocks; when outputs_queue is full
/// the alert is dropped, counted (kite_alerts_dropped_total{reason="queue_full"}) and logged at most
/// once per interval.</item>
/// <item>A router task applies the per-rule rate limit (outputs.rate/max_burst) and hands each alert
/// to every <see cref="OutputWorker"/>, each with its own bounded queue.</item>
/// <item><see cref="ShutdownAsync"/> drains: everything queued is written and every output flushed
/// and disposed, within kite.shutdown_timeout_ms.</item>
/// </list>
/// </summary>
internal sealed class OutputDispatcher : IAsyncDisposable
{
    private readonly OutputDispatcherOptions _options;
    private readonly Channel<Alert> _queue;
    private readonly OutputWorker[] _workers;
    private readonly RuleRateLimiter _limiter;
    private readonly AgentMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly MetricCounter _droppedQueueFull;
    private readonly MetricCounter _droppedShutdown;
    private readonly RateLimitedLog _dropLog;
    private readonly CancellationTokenSource _hardStop = new();
    private readonly Lock _summaryLock = new();
    private ITimer? _summaryTimer;
    private Task _router = Task.CompletedTask;
    private Task? _shutdown;
    private volatile bool _draining;

    public OutputDispatcher(OutputDispatcherOptions options, IReadOnlyList<IAlertOutput> outputs, AgentMetrics metrics, ILogger logger, TimeProvider? time = null)
    {
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _queue = Channel.CreateBounded<Alert>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _workers = [.. outputs.Select(o => new OutputWorker(o, options.OutputQueueCapacity, options.BufferedOutputs, metrics, logger, _time))];
        _limiter = new RuleRateLimiter(options.RateLimit, metrics.AlertsThrottled, _time);
        _droppedQueueFull = metrics.AlertsDropped.For("queue_full");
        _droppedShutdown = metrics.AlertsDropped.For("shutdown");
        _dropLog = new RateLimitedLog(options.DropLogInterval, _time);
        metrics.AddGaugeCallback("kite_outputs_queue_length", "Alerts waiting in outputs_queue.", () => _queue.Reader.Count);
        metrics.AddGaugeCallback("kite_outputs_queue_capacity", "Capacity of outputs_queue.", () => options.QueueCapacity);
        foreach (OutputWorker worker in _workers)
            metrics.AddGaugeCallback("kite_output_queue_length", "Alerts waiting in each output's own queue.", () => worker.Pending, "output", worker.Name);
    }

    /// <summary>The outputs, in dispatch order.</summary>
    public IEnumerable<IAlertOutput> Outputs => _workers.Select(w => w.Output);

    /// <summary>Alerts waiting between the capture thread and the router.</summary>
    public int QueueLength => _queue.Reader.Count;

    public void Start()
    {
        foreach (OutputWorker worker in _workers)
            worker.Start(_hardStop.Token);
        _router = Task.Run(RouteAsync);
        if (!_limiter.IsUnlimited)
            _summaryTimer = _time.CreateTimer(static s => ((OutputDispatcher)s!).RaiseThrottleSummary(), this, _options.ThrottleSummaryInterval, _options.ThrottleSummaryInterval);
    }

    /// <summary>
    /// Called by the rule engine on the capture thread for each alert. Never blocks, never throws;
    /// false when the alert was dropped (queue full or shutting down), which is counted.
    /// </summary>
    public bool TryEnqueue(Alert alert)
    {
        _metrics.Alerts.For(alert.Rule, alert.Priority.ToName()).Increment();
        if (_queue.Writer.TryWrite(alert))
            return true;
        if (_draining)
        {
            _droppedShutdown.Increment();
            return false;
        }
        _droppedQueueFull.Increment();
        if (_dropLog.Record(out long count))
            AgentLog.OutputsQueueFull(_logger, count, (int)_options.DropLogInterval.TotalSeconds, _options.QueueCapacity);
        return false;
    }

    /// <summary>Kite's own alerts (source `internal`): queued like rule alerts but never rate limited.</summary>
    public void EnqueueInternal(Alert alert) => TryEnqueue(alert);

    /// <summary>Asks every output to reopen its files/connections before its next write (SIGHUP, logrotate).</summary>
    public void RequestReopen()
    {
        foreach (OutputWorker worker in _workers)
            worker.RequestReopen();
    }

    /// <summary>Reopens outputs on SIGHUP, as Falco does for logrotate; dispose to unregister.</summary>
    public IDisposable RegisterSighup() => PosixSignalRegistration.Create(PosixSignal.SIGHUP, ctx =>
    {
        ctx.Cancel = true;
        RequestReopen();
    });

    /// <summary>
    /// Stops accepting alerts, writes everything queued, flushes and disposes every output. Alerts still
    /// queued when kite.shutdown_timeout_ms runs out are counted as dropped (reason shutdown).
    /// </summary>
    public Task ShutdownAsync()
    {
        lock (_summaryLock)
            return _shutdown ??= ShutdownCoreAsync();
    }

    public async ValueTask DisposeAsync() => await ShutdownAsync().ConfigureAwait(false);

    private async Task ShutdownCoreAsync()
    {
        _summaryTimer?.Dispose();
        RaiseThrottleSummary();
        _draining = true;
        _queue.Writer.TryComplete();
        _hardStop.CancelAfter(_options.ShutdownTimeout);
        long before = _workers.Sum(w => _metrics.OutputSent.ValueOf(w.Name));
        try
        {
            await _router.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        foreach (OutputWorker worker in _workers)
            worker.Complete();
        try
        {
            // An output stuck in a write that ignores cancellation (a blocking pipe) must not hang the agent's exit.
            await Task.WhenAll(_workers.Select(w => w.Completion)).WaitAsync(_options.ShutdownTimeout + TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        long lost = _queue.Reader.Count + _workers.Sum(w => (long)w.Pending);
        if (_hardStop.IsCancellationRequested && lost > 0)
        {
            _droppedShutdown.Add(lost);
            AgentLog.OutputsDrainTimeout(_logger, (int)_options.ShutdownTimeout.TotalMilliseconds, lost);
        }
        else
        {
            AgentLog.OutputsDrained(_logger, _workers.Sum(w => _metrics.OutputSent.ValueOf(w.Name)) - before);
        }
        foreach (OutputWorker worker in _workers)
        {
            try
            {
                await worker.Output.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                AgentLog.OutputFailed(_logger, worker.Name, $"close: {e.Message}", 1, 0);
            }
        }
        _hardStop.Dispose();
    }

    private async Task RouteAsync()
    {
        ChannelReader<Alert> reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out Alert? alert))
            {
                if (alert.Source != InternalAlerts.Source && !_limiter.TryAdmit(alert.Rule))
                    continue;
                await FanOutAsync(alert).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask FanOutAsync(Alert alert)
    {
        foreach (OutputWorker worker in _workers)
        {
            if (_draining)
                await worker.PostWaitingAsync(alert, _hardStop.Token).ConfigureAwait(false);
            else
                worker.TryPost(alert);
        }
    }

    private void RaiseThrottleSummary()
    {
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000;
        foreach (var (rule, suppressed) in _limiter.TakeWindow())
        {
            AgentLog.RuleThrottled(_logger, rule, suppressed, (int)_options.ThrottleSummaryInterval.TotalSeconds);
            // Straight to the outputs: the summary must not itself wait behind (or be throttled with) the flood.
            Alert summary = InternalAlerts.RuleThrottled(rule, suppressed, _options.ThrottleSummaryInterval, now, _options.Hostname);
            foreach (OutputWorker worker in _workers)
                worker.TryPost(summary);
        }
    }
}
