using Kite.Rules.Compilation;
using Kite.Rules.Fields;
using Kite.Rules.Loading;
using Kite.Rules.Output;

namespace Kite.Rules.Evaluation;

/// <summary>
/// The enabled rules of one source compiled for <typeparamref name="TSource"/>, indexed by event type:
/// an event evaluates only the rules whose condition can match its type, in rule order.
/// </summary>
/// <remarks>
/// <see cref="Evaluate"/> is the hot path and allocates nothing. A rule set is immutable apart from
/// per-node scratch buffers, so use one instance per evaluating thread (compile once per thread, or per
/// reload). Hot reload: load the new files, and if the <see cref="LoadResult"/> has no errors, compile a
/// new rule set and publish it with a volatile write; the capture thread picks it up between events.
/// </remarks>
public sealed class RuleSet<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly Entry[][] _buckets;
    private readonly Entry[] _anyType;
    private readonly bool _first;
    private readonly Dictionary<string, Entry> _byName = new(StringComparer.Ordinal);

    private readonly record struct Entry(ConditionNode<TSource> Condition, CompiledRule Rule);

    internal RuleSet(FieldCatalog catalog, IReadOnlyList<RuleInfo> rules, RuleSetOptions options)
    {
        Catalog = catalog;
        Options = options;
        _first = options.Matching == RuleMatching.First;
        var entries = new List<(Entry Entry, bool[]? Codes)>();
        string suggested = options.SuggestedOutput
            ? string.Concat(catalog.SuggestedOutputFields.Select(f => $" {f.Replace('.', '_')}=%{f}"))
            : "";
        foreach (RuleInfo info in rules)
        {
            OutputTemplate output = info.Output!;
            if (suggested.Length > 0)
                output = OutputTemplate.TryCompile(output.Text + suggested, catalog, out _, out _) ?? output;
            var compiled = new CompiledRule(info, output, entries.Count);
            entries.Add((new Entry(ConditionCompiler.Compile<TSource>(info.Bound!, catalog), compiled), info.EventTypeCodes));
        }
        Rules = entries.Select(e => e.Entry.Rule).ToList();
        foreach (var (entry, _) in entries)
            _byName.TryAdd(entry.Rule.Name, entry);
        int codes = catalog.EventTypeCodeCount;
        _buckets = new Entry[codes][];
        for (int code = 0; code < codes; code++)
            _buckets[code] = entries.Where(e => e.Codes is null || e.Codes[code]).Select(e => e.Entry).ToArray();
        _anyType = entries.Where(e => e.Codes is null || e.Codes.All(c => c)).Select(e => e.Entry).ToArray();
        EventTypeCodes = Enumerable.Range(0, codes).Where(c => _buckets[c].Length > 0).Select(c => (ushort)c).ToList();
    }

    public FieldCatalog Catalog { get; }

    public RuleSetOptions Options { get; }

    /// <summary>The rules, in evaluation order.</summary>
    public IReadOnlyList<CompiledRule> Rules { get; }

    /// <summary>Event-type codes at least one rule can match: the set to enable in the kernel probe.</summary>
    public IReadOnlyList<ushort> EventTypeCodes { get; }

    /// <summary>Number of rules evaluated for events of this type.</summary>
    public int RulesForEventType(ushort code) => code < _buckets.Length ? _buckets[code].Length : _anyType.Length;

    /// <summary>
    /// Evaluates the current event; writes matching rules into <paramref name="matches"/> in rule order and
    /// returns how many were written (at most 1 with <see cref="RuleMatching.First"/>).
    /// </summary>
    public int Evaluate(ref TSource source, Span<CompiledRule?> matches)
    {
        ushort type = source.EventType;
        Entry[] bucket = type < _buckets.Length ? _buckets[type] : _anyType;
        int count = 0;
        foreach (Entry entry in bucket)
        {
            if (!entry.Condition.Evaluate(ref source))
                continue;
            if (count < matches.Length)
                matches[count++] = entry.Rule;
            if (_first || count == matches.Length)
                break;
        }
        return count;
    }

    /// <summary>The first matching rule in rule order, or null.</summary>
    public CompiledRule? EvaluateFirst(ref TSource source)
    {
        ushort type = source.EventType;
        Entry[] bucket = type < _buckets.Length ? _buckets[type] : _anyType;
        foreach (Entry entry in bucket)
        {
            if (entry.Condition.Evaluate(ref source))
                return entry.Rule;
        }
        return null;
    }

    /// <summary>True if the named rule's condition holds for the event (tests, `kite rules test`).</summary>
    public bool Matches(string ruleName, ref TSource source)
    {
        if (!_byName.TryGetValue(ruleName, out Entry entry))
            throw new ArgumentException($"rule '{ruleName}' is not in this rule set", nameof(ruleName));
        return entry.Condition.Evaluate(ref source);
    }
}
