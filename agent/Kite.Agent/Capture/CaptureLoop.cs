using Kite.Agent.Events;

namespace Kite.Agent.Capture;

/// <summary>
/// Drains the ring buffer on a dedicated thread, decodes each record in place and hands it to the sink.
/// </summary>
/// <remarks>
/// Never spins (shared/PERF.md: a spinning consumer slows the producing core): when a drain comes back
/// short the thread sleeps in epoll_wait, with a timeout that starts at <see cref="CaptureLoopOptions.MinWaitMs"/>
/// after activity and doubles on each empty drain up to <see cref="CaptureLoopOptions.MaxWaitMs"/>, because the
/// probe forces a wake-up only past a fill threshold. A full batch loops straight back to draining.
/// Nothing here allocates per event; the sink decides what it keeps.
/// </remarks>
internal sealed class CaptureLoop : IDisposable
{
    public const string ThreadName = "Kite Capture";

    private readonly BpfRingBuffer _ring;
    private readonly IEventSink _sink;
    private readonly CaptureLoopOptions _options;
    private readonly ManualResetEventSlim _stopped = new(false);
    private Thread? _thread;
    private volatile bool _stopRequested;

    public CaptureLoop(BpfRingBuffer ring, IEventSink sink, CaptureLoopOptions? options = null)
    {
        _ring = ring;
        _sink = sink;
        _options = options ?? new CaptureLoopOptions();
    }

    public CaptureStats Stats { get; } = new();

    public RingBufferStats RingStats => _ring.Consumer.Stats;

    /// <summary>Why the loop ended early (the sink threw), or null.</summary>
    public Exception? Fault { get; private set; }

    public bool IsRunning => _thread is not null && !_stopped.IsSet;

    /// <summary>Starts the capture thread.</summary>
    public void Start()
    {
        if (_thread is not null)
            throw new InvalidOperationException("the capture loop is already started");
        _thread = new Thread(Run) { Name = ThreadName, IsBackground = true };
        _thread.Start();
    }

    /// <summary>Asks the loop to stop after the current batch and waits for it.</summary>
    public void Stop()
    {
        _stopRequested = true;
        _ring.Wake();
        _thread?.Join();
    }

    /// <summary>Blocks until the loop ends (stop requested, or the sink faulted) or the timeout passes.</summary>
    public bool WaitForExit(TimeSpan timeout) => _stopped.Wait(timeout);

    /// <summary>Runs the loop on the calling thread until <see cref="Stop"/> (used by tests and by <see cref="Start"/>).</summary>
    internal void Run()
    {
        var handler = new DecodingHandler(_sink, Stats);
        int wait = _options.MinWaitMs;
        try
        {
            while (!_stopRequested)
            {
                int drained = _ring.Consumer.Drain(ref handler, _options.BatchSize);
                if (drained > 0)
                {
                    Stats.Batches++;
                    _sink.OnBatchEnd();
                    wait = _options.MinWaitMs;
                    if (drained == _options.BatchSize)
                        continue;
                }
                else
                {
                    wait = Math.Min(wait * 2, _options.MaxWaitMs);
                }

                if (_ring.Wait(wait))
                    Stats.Wakeups++;
                else
                    Stats.Timeouts++;
            }

            // Stopping: the probe is detached first, so what the ring still holds is finite. Drain it, so no
            // event captured before shutdown is lost.
            while (_ring.Consumer.Drain(ref handler, _options.BatchSize) > 0)
            {
                Stats.Batches++;
                _sink.OnBatchEnd();
            }
        }
        catch (Exception e)
        {
            Fault = e;
        }
        finally
        {
            _stopped.Set();
        }
    }

    public void Dispose()
    {
        if (_thread is not null && !_stopped.IsSet)
            Stop();
        _stopped.Dispose();
    }

    private struct DecodingHandler(IEventSink sink, CaptureStats stats) : IRingRecordHandler
    {
        public void OnRecord(ReadOnlySpan<byte> record)
        {
            RawEventStatus status = RawEvent.TryRead(record, out RawEvent ev);
            if (status != RawEventStatus.Ok)
            {
                stats.CountMalformed(status);
                return;
            }
            stats.Events++;
            sink.OnEvent(ev);
        }
    }
}
