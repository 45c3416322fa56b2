using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Nodes;

/// <summary>
/// A sub-condition reached more than once for one event (a macro such as `open_read` or `container` that
/// many rules of an event-type bucket use): evaluated the first time, then answered from
/// <see cref="SharedResults"/> until the next event.
/// </summary>
internal sealed class SharedNode<TSource>(ConditionNode<TSource> inner, SharedResults results, int slot) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly ConditionNode<TSource> _inner = inner;
    private readonly SharedResults _results = results;
    private readonly long[] _entries = results.Entries;
    private readonly int _slot = slot;

    internal override int Cost => _inner.Cost;

    internal ConditionNode<TSource> Inner => _inner;

    /// <summary>Where the result is kept in <see cref="SharedResults.Entries"/>.</summary>
    internal int Slot => _slot;

    public override bool Evaluate(ref TSource source)
    {
        long generation = _results.Generation;
        long entry = _entries[_slot];
        if ((entry & ~1L) == generation)
            return (entry & 1) != 0;
        bool value = _inner.Evaluate(ref source);
        _entries[_slot] = generation | (value ? 1L : 0L);
        return value;
    }
}
