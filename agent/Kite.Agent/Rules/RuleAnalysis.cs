using Kite.Rules.Loading;

namespace Kite.Agent.Rules;

/// <summary>
/// Rule-authoring checks Falco does not do, printed by `kite rules validate`: conditions that can never
/// match, rules shadowed under `rule_matching: first`, and each rule's event types.
/// </summary>
internal static class RuleAnalysis
{
    public static IReadOnlyList<string> Analyze(LoadResult result)
    {
        var notes = new List<string>();
        var compiled = result.Rules.Where(r => r.IsCompiled).ToList();
        foreach (RuleInfo rule in compiled)
        {
            if (rule.NeverMatches)
                notes.Add($"{rule.Location}: note: rule '{rule.Name}': condition can never match");
        }
        // Shadowing: under rule_matching: first an earlier enabled rule whose condition is identical (after
        // expansion) always wins, so the later rule never alerts.
        var firstByCondition = new Dictionary<(string Source, string Condition), RuleInfo>();
        foreach (RuleInfo rule in compiled.Where(r => r.Enabled && !r.NeverMatches))
        {
            var key = (rule.Source, rule.ExpandedCondition!);
            if (firstByCondition.TryGetValue(key, out RuleInfo? earlier))
                notes.Add($"{rule.Location}: note: rule '{rule.Name}': shadowed by earlier rule '{earlier.Name}' (same condition) under rule_matching: first");
            else
                firstByCondition[key] = rule;
        }
        foreach (RuleInfo rule in compiled)
            notes.Add($"{rule.Location}: note: rule '{rule.Name}': event types: {(rule.EventTypes is null ? "all" : string.Join(", ", rule.EventTypes))}");
        return notes;
    }
}
