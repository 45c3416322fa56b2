using System.Text.RegularExpressions;
using Kite.Rules.Loading;

namespace Kite.Rules.Evaluation;

/// <summary>
/// Which loaded rules are enabled: the files' `enabled`, a minimum priority (falco.yaml `priority`),
/// then enable/disable steps applied in order by rule name (with `*` wildcards) or by tag — falco.yaml's
/// `rules:` section and the `-D` (disable by name), `-T` (disable by tag), `-t` (only rules with tag) options.
/// </summary>
public sealed record RuleSelection
{
    public static readonly RuleSelection Default = new();

    /// <summary>Rules less severe than this are loaded but not enabled (`priority: debug` keeps everything).</summary>
    public Priority MinimumPriority { get; init; } = Priority.Debug;

    public IReadOnlyList<RuleSelectionStep> Steps { get; init; } = [];

    public RuleSelection Enable(string? rulePattern = null, string? tag = null) => this with { Steps = [.. Steps, new RuleSelectionStep(true, rulePattern, tag)] };

    public RuleSelection Disable(string? rulePattern = null, string? tag = null) => this with { Steps = [.. Steps, new RuleSelectionStep(false, rulePattern, tag)] };

    /// <summary>Falco `-t TAG`: only rules with one of these tags stay enabled.</summary>
    public RuleSelection OnlyTags(params string[] tags) =>
        this with { Steps = [.. Steps, new RuleSelectionStep(false, "*", null), .. tags.Select(t => new RuleSelectionStep(true, null, t))] };

    /// <summary>The enabled subset of <paramref name="rules"/>.</summary>
    public HashSet<RuleInfo> Apply(IEnumerable<RuleInfo> rules)
    {
        var enabled = new HashSet<RuleInfo>();
        var all = rules.ToList();
        foreach (RuleInfo rule in all)
        {
            if (rule.Enabled && rule.Priority <= MinimumPriority)
                enabled.Add(rule);
        }
        foreach (RuleSelectionStep step in Steps)
        {
            foreach (RuleInfo rule in all)
            {
                if (!step.Matches(rule))
                    continue;
                if (step.Enable)
                {
                    if (rule.Priority <= MinimumPriority)
                        enabled.Add(rule);
                }
                else
                {
                    enabled.Remove(rule);
                }
            }
        }
        return enabled;
    }
}

/// <summary>One enable/disable step: by rule name pattern (`*` wildcards) and/or by tag.</summary>
public sealed record RuleSelectionStep(bool Enable, string? RulePattern, string? Tag)
{
    private readonly Regex? _pattern = RulePattern is null ? null
        : new Regex("^" + Regex.Escape(RulePattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant | RegexOptions.Singleline);

    public bool Matches(RuleInfo rule) =>
        (_pattern is null || _pattern.IsMatch(rule.Name)) && (Tag is null || rule.Tags.Contains(Tag)) && (_pattern is not null || Tag is not null);
}
