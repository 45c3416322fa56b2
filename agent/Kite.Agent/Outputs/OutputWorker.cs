using System.Threading.Channels;
using Kite.Agent.Diagnostics;
using Kite.Protocol.Alerts;
using Microsoft.Extensions.Logging;

namespace Kite.Agent.Outputs;

/// <summary>
/// Runs one output: its own bounded queue and its own task, so a slow or dead output only ever
/// delays (and, when its queue is full, drops and counts) its own alerts. Flushes after every alert,
/// or after each burst with buffered_outputs. Reopens (SIGHUP) between alerts, never during a write.
/// </summary>
internal sealed class OutputWorker
{
    private readonly IAlertOutput _output;
    private readonly Channel<Alert> _queue;
    private readonly bool _buffered;
    private readonly int _capacity;
    private readonly ILogger _logger;
    private readonly MetricCounter _sent;
    private readonly MetricCounter _failures;
    private readonly MetricCounter _dropped;
    private readonly RateLimitedLog _failureLog;
    private readonly RateLimitedLog _dropLog;
    private int _reopenRequested;

    public OutputWorker(IAlertOutput output, int capacity, bool buffered, AgentMetrics metrics, ILogger logger, TimeProvider time)
    {
        _output = output;
        _capacity = capacity;
        _buffered = buffered;
        _logger = logger;
        _queue = Channel.CreateBounded<Alert>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _sent = metrics.OutputSent.For(output.Name);
        _failures = metrics.OutputFailures.For(output.Name);
        _dropped = metrics.OutputDropped.For(output.Name);
        _failureLog = new RateLimitedLog(TimeSpan.FromSeconds(10), time);
        _dropLog = new RateLimitedLog(TimeSpan.FromSeconds(10), time);
    }

    public IAlertOutput Output => _output;

    public string Name => _output.Name;

    public int Pending => _queue.Reader.Count;

    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start(CancellationToken hardStop) => Completion = Task.Run(() => RunAsync(hardStop), CancellationToken.None);

    /// <summary>Queues without waiting; a full queue drops the alert for this output only, counted.</summary>
    public bool TryPost(Alert alert)
    {
        if (_queue.Writer.TryWrite(alert))
            return true;
        _dropped.Increment();
        if (_dropLog.Record(out long count))
            AgentLog.OutputQueueFull(_logger, Name, count, (int)_dropLog.Interval.TotalSeconds, _capacity);
        return false;
    }

    /// <summary>Queues, waiting for room (used while draining at shutdown, when losing alerts is the worse choice).</summary>
    public ValueTask PostWaitingAsync(Alert alert, CancellationToken cancellationToken) => _queue.Writer.WriteAsync(alert, cancellationToken);

    public void Complete() => _queue.Writer.TryComplete();

    public void RequestReopen() => Volatile.Write(ref _reopenRequested, 1);

    private async Task RunAsync(CancellationToken hardStop)
    {
        ChannelReader<Alert> reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(hardStop).ConfigureAwait(false))
            {
                while (reader.TryRead(out Alert? alert))
                {
                    await ReopenIfRequestedAsync(hardStop).ConfigureAwait(false);
                    await DeliverAsync(alert, hardStop).ConfigureAwait(false);
                    if (!_buffered)
                        await FlushAsync(hardStop).ConfigureAwait(false);
                }
                if (_buffered)
                    await FlushAsync(hardStop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
        {
            // Shutdown deadline: what is still queued is counted by the dispatcher.
        }
        finally
        {
            using var last = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await FlushAsync(last.Token).ConfigureAwait(false);
        }
    }

    private async ValueTask DeliverAsync(Alert alert, CancellationToken hardStop)
    {
        try
        {
            await _output.WriteAsync(alert, hardStop).ConfigureAwait(false);
            _sent.Increment();
        }
        catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _failures.Increment();
            if (_failureLog.Record(out long count))
                AgentLog.OutputFailed(_logger, Name, e.Message, count, (int)_failureLog.Interval.TotalSeconds);
        }
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _failures.Increment();
            if (_failureLog.Record(out long count))
                AgentLog.OutputFailed(_logger, Name, e.Message, count, (int)_failureLog.Interval.TotalSeconds);
        }
    }

    private async ValueTask ReopenIfRequestedAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _reopenRequested, 0) == 0)
            return;
        try
        {
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
            await _output.ReopenAsync(cancellationToken).ConfigureAwait(false);
            AgentLog.OutputReopened(_logger, Name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _failures.Increment();
            AgentLog.OutputFailed(_logger, Name, e.Message, 1, 0);
        }
    }
}
