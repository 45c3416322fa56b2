namespace Kite.Rules.Loading;

/// <summary>A `rule` item as collected across files.</summary>
internal sealed class RuleDefinition
{
    public required string Name { get; init; }
    public required int Index { get; init; }
    public required int Visibility { get; set; }
    public required ConditionText Condition { get; set; }
    public required ConditionText Output { get; set; }
    public required string Description { get; set; }
    public required Priority Priority { get; set; }
    public required string Source { get; set; }
    public bool Enabled { get; set; } = true;
    public SortedSet<string> Tags { get; set; } = new(StringComparer.Ordinal);
    public List<ExceptionDefinition> Exceptions { get; set; } = [];
    public bool WarnEventTypes { get; set; } = true;
    public bool SkipIfUnknownFilter { get; set; }
    public bool Capture { get; set; }
    public long CaptureDuration { get; set; }
    public required SourceLocation Location { get; set; }
}
