using System.Collections.Concurrent;

namespace Kite.Agent.Diagnostics;

/// <summary>
/// A counter with up to two labels (`rule`, `priority`; `output`). <see cref="For(string)"/> finds or
/// creates the child without allocating once it exists; callers on hot paths keep the child.
/// </summary>
internal sealed class CounterFamily
{
    private readonly ConcurrentDictionary<(string, string), MetricCounter> _children = new();

    public CounterFamily(string name, string help, string labelName, string? secondLabelName = null)
    {
        Name = name;
        Help = help;
        LabelName = labelName;
        SecondLabelName = secondLabelName;
    }

    public string Name { get; }

    public string Help { get; }

    public string LabelName { get; }

    public string? SecondLabelName { get; }

    public MetricCounter For(string label) => For(label, "");

    public MetricCounter For(string label, string secondLabel) =>
        _children.TryGetValue((label, secondLabel), out MetricCounter? counter)
            ? counter
            : _children.GetOrAdd((label, secondLabel), static _ => new MetricCounter());

    /// <summary>The current value for a label (0 when never counted); for tests and summaries.</summary>
    public long ValueOf(string label, string secondLabel = "") =>
        _children.TryGetValue((label, secondLabel), out MetricCounter? counter) ? counter.Value : 0;

    public long Total
    {
        get
        {
            long total = 0;
            foreach (var (_, counter) in _children)
                total += counter.Value;
            return total;
        }
    }

    internal IEnumerable<((string First, string Second) Labels, long Value)> Snapshot() =>
        _children.Select(kv => (kv.Key, kv.Value.Value)).OrderBy(x => x.Key.Item1, StringComparer.Ordinal).ThenBy(x => x.Key.Item2, StringComparer.Ordinal);
}
