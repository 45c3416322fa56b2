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
    private readonly RuleBucket<TSource>[] _buckets;
    private readonly RuleBucket<TSource> _anyType;
    private readonly bool _first;
    private readonly Dictionary<string, (ConditionNode<TSource> Condition, CompiledRule Rule)> _byName = new(StringComparer.Ordinal);
    private readonly SharedResults _shared;
    private readonly CompiledRule?[] _firstMatch = new CompiledRule?[1];

    internal RuleSet(FieldCatalog catalog, IReadOnlyList<RuleInfo> rules, RuleSetOptions options)
    {
        Catalog = catalog;
        Options = options;
        _first = options.Matching == RuleMatching.First;
        string suggested = options.SuggestedOutput
            ? string.Concat(catalog.SuggestedOutputFields.Select(f => $" {f.Replace('.', '_')}=%{f}"))
            : "";
        var compiled = new List<CompiledRule>(rules.Count);
        foreach (RuleInfo info in rules)
        {
            OutputTemplate output = info.Output!;
            if (suggested.Length > 0)
                output = OutputTemplate.TryCompile(output.Text + suggested, catalog, out _, out _) ?? output;
            compiled.Add(new CompiledRule(info, output, compiled.Count));
        }
        Rules = compiled;

        var plan = RuleSetPlan<TSource>.Create(catalog, rules);
        ConditionPlanner<TSource> planner = plan.Planner;
        _shared = planner.Results;
        RuleBucket<TSource> Bucket(BucketPlan bucket) => new(
            [.. bucket.Rules.Select((rule, i) =>
            {
                ConditionNode<TSource> node = planner.Node(bucket.Conditions[i]);
                return (node, compiled[rule], planner.GuardSlot(node), planner.GuardCheck(node));
            })],
            _shared);
        _buckets = [.. plan.Buckets.Select(Bucket)];
        _anyType = Bucket(plan.AnyType);
        for (int i = 0; i < compiled.Count; i++)
            _byName.TryAdd(compiled[i].Name, (planner.Node(plan.Generic[i]), compiled[i]));
        EventTypeCodes = plan.EventTypeCodes;
        SharedConditionCount = planner.SharedCount;
        ClassifiedFieldCount = planner.ClassifierCount;
    }

    public FieldCatalog Catalog { get; }

    public RuleSetOptions Options { get; }

    /// <summary>The rules, in evaluation order.</summary>
    public IReadOnlyList<CompiledRule> Rules { get; }

    /// <summary>Event-type codes at least one rule can match: the set to enable in the kernel probe.</summary>
    public IReadOnlyList<ushort> EventTypeCodes { get; }

    /// <summary>Number of sub-conditions computed at most once per event because several rules (or one rule twice) use them.</summary>
    internal int SharedConditionCount { get; }

    /// <summary>Number of text fields whose `=`/`in` checks share one lookup per event.</summary>
    internal int ClassifiedFieldCount { get; }

    /// <summary>Number of rules evaluated for events of this type.</summary>
    public int RulesForEventType(ushort code) => code < _buckets.Length ? _buckets[code].Count : _anyType.Count;

    /// <summary>
    /// Evaluates the current event; writes matching rules into <paramref name="matches"/> in rule order and
    /// returns how many were written (at most 1 with <see cref="RuleMatching.First"/>).
    /// </summary>
    public int Evaluate(ref TSource source, Span<CompiledRule?> matches)
    {
        _shared.NextEvent();
        ushort type = source.EventType;
        return (type < _buckets.Length ? _buckets[type] : _anyType).Evaluate(ref source, matches, _first);
    }

    /// <summary>The first matching rule in rule order, or null.</summary>
    public CompiledRule? EvaluateFirst(ref TSource source)
    {
        _shared.NextEvent();
        ushort type = source.EventType;
        int n = (type < _buckets.Length ? _buckets[type] : _anyType).Evaluate(ref source, _firstMatch, first: true);
        CompiledRule? rule = n == 0 ? null : _firstMatch[0];
        _firstMatch[0] = null;
        return rule;
    }

    /// <summary>True if the named rule's condition holds for the event (tests, `kite rules test`).</summary>
    /// <remarks>Uses the condition as compiled for the event's type bucket when the rule is in it, as <see cref="Evaluate"/> does.</remarks>
    public bool Matches(string ruleName, ref TSource source)
    {
        if (!_byName.TryGetValue(ruleName, out var entry))
            throw new ArgumentException($"rule '{ruleName}' is not in this rule set", nameof(ruleName));
        _shared.NextEvent();
        ushort type = source.EventType;
        ConditionNode<TSource> condition = (type < _buckets.Length ? _buckets[type].ConditionOf(entry.Rule) : null) ?? entry.Condition;
        return condition.Evaluate(ref source);
    }
}
