using System.Numerics;
using System.Runtime.CompilerServices;
using Kite.Rules.Compilation;
using Kite.Rules.Compilation.Nodes;
using Kite.Rules.Fields;

namespace Kite.Rules.Evaluation;

/// <summary>
/// The rules one event type evaluates, in rule order, each with two cheap tests that let the loop skip it
/// without calling into its condition: a shared condition it needs that is already known false for the event,
/// and a selective classified check it needs (`proc.name in (...)`).
/// </summary>
/// <remarks>
/// When several rules of the bucket need a check on the same classified field (in the exec bucket most need
/// something of `proc.name`), that field dispatches: its class for the event selects a precomputed set of the
/// rules that can still match, and the loop visits only those, in rule order.
/// A rule's condition is usually an `and` whose operands include shared conditions (`open_read`, `container`):
/// the loop tests those operands itself and answers a shared one from its slot when it is already known, without
/// calling into the rule's nodes.
/// </remarks>
internal sealed class RuleBucket<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private const int MinimumDispatchedRules = 2;

    private readonly Entry[] _entries;
    private readonly SharedResults _shared;
    private readonly long[] _sharedEntries;
    private readonly TextClassifier? _dispatch;

    // Per dispatch class + 1 (index 0: the field is missing, or there is no dispatch): the entries that can match, one bit each.
    private readonly ulong[][] _possible;

    public RuleBucket(IReadOnlyList<(ConditionNode<TSource> Condition, CompiledRule Rule, int Guard, ClassifiedTextNode<TSource>? Check)> rules, SharedResults shared)
    {
        _shared = shared;
        _sharedEntries = shared.Entries;
        _dispatch = rules.Where(r => r.Check is not null).GroupBy(r => r.Check!.Classifier)
            .Where(g => g.Count() >= MinimumDispatchedRules).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
        int words = (rules.Count + 63) / 64;
        int classes = _dispatch is null ? 0 : _dispatch.ClassCount;
        _possible = new ulong[classes + 1][];
        for (int index = 0; index < _possible.Length; index++)
        {
            _possible[index] = new ulong[words];
            for (int i = 0; i < rules.Count; i++)
            {
                ClassifiedTextNode<TSource>? check = rules[i].Check;
                bool dispatched = _dispatch is not null && check is not null && ReferenceEquals(check.Classifier, _dispatch);
                if (!dispatched || check!.Accepts(index - 1))
                    _possible[index][i >> 6] |= 1UL << (i & 63);
            }
        }
        // A check the dispatch already applied is not tested again.
        _entries = [.. rules.Select(r =>
        {
            bool dispatched = r.Check is not null && ReferenceEquals(r.Check.Classifier, _dispatch);
            return new Entry(r.Condition, Operands(r.Condition, dispatched ? r.Check : null), r.Rule, r.Guard, dispatched ? null : r.Check);
        })];
    }

    public int Count => _entries.Length;

    /// <summary>
    /// Writes the matching rules into <paramref name="matches"/> in rule order (only the first when
    /// <paramref name="first"/>) and returns how many were written. The caller moved <see cref="SharedResults"/>
    /// to this event.
    /// </summary>
    public int Evaluate(ref TSource source, Span<CompiledRule?> matches, bool first)
    {
        if (matches.IsEmpty)
            return 0;
        long generation = _shared.Generation;
        long[] shared = _sharedEntries;
        Entry[] entries = _entries;
        ulong[] possible = _possible[_dispatch is null ? 0 : _dispatch.Classify(ref source) + 1];
        int count = 0;
        for (int word = 0; word < possible.Length; word++)
        {
            ulong bits = possible[word];
            while (bits != 0)
            {
                int i = (word << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                if (!Holds(in entries[i], ref source, generation, shared))
                    continue;
                matches[count++] = entries[i].Rule;
                if (first || count == matches.Length)
                    return count;
            }
        }
        return count;
    }

    /// <summary>The condition this bucket evaluates for <paramref name="rule"/>, or null when the rule is not in it.</summary>
    public ConditionNode<TSource>? ConditionOf(CompiledRule rule)
    {
        foreach (Entry entry in _entries)
        {
            if (ReferenceEquals(entry.Rule, rule))
                return entry.Condition;
        }
        return null;
    }

    // Known false for this event (the slot holds this generation with a false result), or a cheap necessary check
    // fails: no need to call into the rule. Otherwise the operands of the rule's `and`, in order, as
    // AndNode and SharedNode would evaluate them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Holds(in Entry entry, ref TSource source, long generation, long[] shared)
    {
        if (shared[entry.Guard] == generation || (entry.Check is { } check && !check.Evaluate(ref source)))
            return false;
        foreach (ref readonly Operand operand in entry.Operands.AsSpan())
        {
            if (operand.Slot < 0)
            {
                if (!operand.Node.Evaluate(ref source))
                    return false;
                continue;
            }
            long known = shared[operand.Slot];
            if ((known & ~1L) == generation)
            {
                if ((known & 1) == 0)
                    return false;
                continue;
            }
            bool value = operand.Node.Evaluate(ref source);
            shared[operand.Slot] = generation | (value ? 1L : 0L);
            if (!value)
                return false;
        }
        return true;
    }

    // The conjunction the loop evaluates: the operands of a root `and` (and of the `and`s among them, in order),
    // or the condition alone; a shared operand as its inner node and slot. The check the dispatch applied is left out.
    private static Operand[] Operands(ConditionNode<TSource> condition, ClassifiedTextNode<TSource>? dispatched) =>
        [.. Conjuncts(condition).Where(node => !ReferenceEquals(node, dispatched)).Select(node => node is SharedNode<TSource> s
            ? new Operand(s.Inner, s.Slot)
            : new Operand(node, -1))];

    private static IEnumerable<ConditionNode<TSource>> Conjuncts(ConditionNode<TSource> node) =>
        node is AndNode<TSource> conjunction ? conjunction.Operands.SelectMany(Conjuncts) : [node];

    private readonly record struct Operand(ConditionNode<TSource> Node, int Slot);

    private readonly record struct Entry(ConditionNode<TSource> Condition, Operand[] Operands, CompiledRule Rule, int Guard, ClassifiedTextNode<TSource>? Check);
}
