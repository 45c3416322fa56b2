using System.Collections.Concurrent;
using Kite.Agent.Outputs;
using Kite.Protocol.Alerts;

namespace Kite.Agent.Tests.Outputs;

/// <summary>An output that records what it gets; optionally slow, or blocked until released.</summary>
internal sealed class RecordingOutput(string name, TimeSpan delay = default) : IAlertOutput
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _flushesAfterLastWrite;

    public ConcurrentQueue<Alert> Written { get; } = new();

    public string Name { get; } = name;

    public int Flushes;

    public bool Disposed { get; private set; }

    /// <summary>True when a flush happened after the last write (nothing left unflushed).</summary>
    public bool FlushedAfterLastWrite => Volatile.Read(ref _flushesAfterLastWrite) > 0;

    public void Block() => _gate.Wait();

    public void Release() => _gate.Release();

    public async ValueTask WriteAsync(Alert alert, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (delay > TimeSpan.Zero)
                await Task.Delay(delay, cancellationToken);
            Written.Enqueue(alert);
            Volatile.Write(ref _flushesAfterLastWrite, 0);
        }
        finally
        {
            _gate.Release();
        }
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Flushes);
        Interlocked.Increment(ref _flushesAfterLastWrite);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
