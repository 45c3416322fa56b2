using Kite.Rules.Binding;
using Kite.Rules.Fields;
using Kite.Rules.Loading;

namespace Kite.Rules.Compilation;

/// <summary>
/// Which condition each event type evaluates, in rule order. A rule's condition is specialised for the
/// event type of its bucket (<see cref="ConditionSpecializer"/>: its `evt.type` checks are constants there),
/// compiled once per distinct specialisation, and every condition goes through one
/// <see cref="ConditionPlanner{TSource}"/>, so sub-conditions that several rules of a bucket share are
/// computed once per event.
/// </summary>
internal sealed class RuleSetPlan<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private RuleSetPlan(ConditionPlanner<TSource> planner, BucketPlan[] buckets, BucketPlan anyType, int[] generic, IReadOnlyList<ushort> eventTypeCodes)
    {
        Planner = planner;
        Buckets = buckets;
        AnyType = anyType;
        Generic = generic;
        EventTypeCodes = eventTypeCodes;
    }

    public ConditionPlanner<TSource> Planner { get; }

    /// <summary>Per event-type code: the rules to evaluate and their conditions as specialised for that type.</summary>
    public BucketPlan[] Buckets { get; }

    /// <summary>For an event type outside the catalog's codes: the rules that match any type.</summary>
    public BucketPlan AnyType { get; }

    /// <summary>Per rule: its condition for any event type.</summary>
    public int[] Generic { get; }

    /// <summary>Codes that at least one rule can match (by event-type inference).</summary>
    public IReadOnlyList<ushort> EventTypeCodes { get; }

    public static RuleSetPlan<TSource> Create(FieldCatalog catalog, IReadOnlyList<RuleInfo> rules)
    {
        var planner = new ConditionPlanner<TSource>(catalog);
        int codes = catalog.EventTypeCodeCount;
        var generic = new int[rules.Count];
        var typeTests = new List<bool[]>[rules.Count];
        var specialised = new Dictionary<string, int>[rules.Count];
        for (int i = 0; i < rules.Count; i++)
        {
            BoundExpr bound = rules[i].Bound!;
            generic[i] = planner.Intern(ConditionSpecializer.Specialize(bound, catalog, ConditionSpecializer.AnyEventType));
            typeTests[i] = codes > 0 ? ConditionSpecializer.EventTypeTests(bound, catalog) : [];
            specialised[i] = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        int ConditionFor(int rule, int code)
        {
            if (typeTests[rule].Count == 0)
                return generic[rule];
            string signature = ConditionSpecializer.Signature(typeTests[rule], code);
            if (!specialised[rule].TryGetValue(signature, out int id))
            {
                id = planner.Intern(ConditionSpecializer.Specialize(rules[rule].Bound!, catalog, code));
                specialised[rule].Add(signature, id);
            }
            return id;
        }

        var buckets = new BucketPlan[codes];
        var eventTypeCodes = new List<ushort>();
        for (int code = 0; code < codes; code++)
        {
            var inBucket = new List<int>();
            var conditions = new List<int>();
            bool anyRule = false;
            for (int rule = 0; rule < rules.Count; rule++)
            {
                if (rules[rule].EventTypeCodes is { } possible && !possible[code])
                    continue;
                anyRule = true;
                int condition = ConditionFor(rule, code);
                // Folded to false for this type: nothing to evaluate.
                if (planner.IsConstant(condition, false))
                    continue;
                inBucket.Add(rule);
                conditions.Add(condition);
            }
            if (anyRule)
                eventTypeCodes.Add((ushort)code);
            buckets[code] = new BucketPlan([.. inBucket], [.. conditions]);
        }
        int[] anyTypeRules = [.. Enumerable.Range(0, rules.Count).Where(r => rules[r].EventTypeCodes is null || rules[r].EventTypeCodes!.All(c => c))];
        var anyType = new BucketPlan(anyTypeRules, [.. anyTypeRules.Select(r => generic[r])]);

        foreach (BucketPlan bucket in buckets)
            planner.MarkShared(bucket.Conditions);
        planner.MarkShared(anyType.Conditions);
        return new RuleSetPlan<TSource>(planner, buckets, anyType, generic, eventTypeCodes);
    }
}

/// <summary>The rules one event type evaluates (indexes into the rule list, in rule order) and the condition id of each.</summary>
internal readonly record struct BucketPlan(int[] Rules, int[] Conditions);
