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

    // A shared condition is usually a common guard (`open_read`, `container`) that holds for most events of the
    // bucket; a rule's own checks of the same cost are more selective, so they go first.
    internal override int Cost => _inner.Cost + 1;

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
