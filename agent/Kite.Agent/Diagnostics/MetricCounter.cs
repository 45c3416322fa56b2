namespace Kite.Agent.Diagnostics;

/// <summary>
/// A monotonic counter that costs one add: no lock, no allocation. Hot paths keep a reference to
/// their counter (e.g. one per rule) instead of looking it up per increment.
/// </summary>
internal sealed class MetricCounter
{
    private long _value;

    public long Value => Volatile.Read(ref _value);

    /// <summary>Thread-safe increment (an interlocked add).</summary>
    public void Increment() => Interlocked.Increment(ref _value);

    public void Add(long amount) => Interlocked.Add(ref _value, amount);

    /// <summary>
    /// Increment for a counter that exactly one thread writes (the capture thread): a plain store,
    /// no lock prefix. Readers still see a torn-free value on 64-bit.
    /// </summary>
    public void IncrementSingleWriter() => Volatile.Write(ref _value, _value + 1);

    /// <summary>Mirrors a cumulative count kept elsewhere (the kernel's drop counters).</summary>
    public void SetCumulative(long total) => Volatile.Write(ref _value, total);
}
