using Kite.Rules.Binding;
using Kite.Rules.Output;

namespace Kite.Rules.Loading;

/// <summary>
/// A loaded rule: its metadata as the files define it (after appends and overrides), its location,
/// and, when its source is loaded and it compiled, the expanded condition, event types and output.
/// </summary>
public sealed class RuleInfo
{
    internal RuleInfo(RuleDefinition definition) => Definition = definition;

    internal RuleDefinition Definition { get; }

    public string Name => Definition.Name;

    public string Description => Definition.Description;

    public Priority Priority => Definition.Priority;

    public string Source => Definition.Source;

    /// <summary>Tags, sorted and unique.</summary>
    public IReadOnlyCollection<string> Tags => Definition.Tags;

    /// <summary>`enabled` as the files set it (before priority and `rules:` selections).</summary>
    public bool Enabled => Definition.Enabled;

    /// <summary>Where the rule was (last) defined.</summary>
    public SourceLocation Location => Definition.Location;

    /// <summary>The condition as written, with appends and exceptions applied (before list substitution).</summary>
    public string Condition => ConditionText ?? Definition.Condition.Text;

    internal string? ConditionText { get; set; }

    /// <summary>The output template as written (trimmed, appends applied).</summary>
    public string OutputText => Definition.Output.Text;

    /// <summary>True when the rule's source is loaded and its condition and output compiled.</summary>
    public bool IsCompiled => Bound is not null && Output is not null;

    /// <summary>The condition after macro expansion and list resolution, fully parenthesised (for `--explain`).</summary>
    public string? ExpandedCondition => Bound is null ? null : BoundExprPrinter.Print(Bound);

    /// <summary>Event-type names the rule can match, or null when it can match every type (or the source has no event types).</summary>
    public IReadOnlyList<string>? EventTypes { get; internal set; }

    /// <summary>Event-type codes (catalog numbering) the rule can match; all true when it matches any type.</summary>
    internal bool[]? EventTypeCodes { get; set; }

    /// <summary>True when the condition restricts nothing by event type (evaluated for every event; LOAD_NO_EVTTYPE).</summary>
    public bool MatchesAllEventTypes { get; internal set; }

    /// <summary>True when the condition can never be true (a constant false, or an empty event-type set).</summary>
    public bool NeverMatches { get; internal set; }

    /// <summary>Fields named by the rule's exceptions (Falco exposes them as `exception_fields`).</summary>
    public IReadOnlyList<string> ExceptionFields { get; internal set; } = [];

    public OutputTemplate? Output { get; internal set; }

    internal BoundExpr? Bound { get; set; }

    public override string ToString() => Name;
}
