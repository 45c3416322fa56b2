namespace Kite.Agent.Diagnostics;

/// <summary>
/// A counter labelled by a small dense integer (the event type id): an array of longs, so the
/// capture thread's increment is one indexed add. Names are resolved only when scraped.
/// </summary>
internal sealed class IndexedCounterFamily
{
    private readonly long[] _counts;
    private Func<int, string?> _labelOf;

    public IndexedCounterFamily(string name, string help, string labelName, int size, Func<int, string?>? labelOf = null)
    {
        Name = name;
        Help = help;
        LabelName = labelName;
        _counts = new long[size];
        _labelOf = labelOf ?? (static i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public string Name { get; }

    public string Help { get; }

    public string LabelName { get; }

    public int Size => _counts.Length;

    /// <summary>Names the labels (e.g. event type id to `openat`); set once at startup by the capture side.</summary>
    public void SetLabelNames(Func<int, string?> labelOf) => _labelOf = labelOf;

    /// <summary>Thread-safe; ids outside the table are ignored (never throws on the hot path).</summary>
    public void Increment(int index)
    {
        if ((uint)index < (uint)_counts.Length)
            Interlocked.Increment(ref _counts[index]);
    }

    /// <summary>For arrays written by one thread only: a plain store instead of an interlocked add.</summary>
    public void IncrementSingleWriter(int index)
    {
        if ((uint)index < (uint)_counts.Length)
            Volatile.Write(ref _counts[index], _counts[index] + 1);
    }

    public long ValueOf(int index) => (uint)index < (uint)_counts.Length ? Volatile.Read(ref _counts[index]) : 0;

    internal IEnumerable<(string Label, long Value)> Snapshot()
    {
        for (int i = 0; i < _counts.Length; i++)
        {
            long v = Volatile.Read(ref _counts[i]);
            if (v != 0)
                yield return (_labelOf(i) ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture), v);
        }
    }
}
