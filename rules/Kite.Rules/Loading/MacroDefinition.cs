namespace Kite.Rules.Loading;

/// <summary>A `macro` item as collected across files.</summary>
internal sealed class MacroDefinition
{
    public required string Name { get; init; }
    public required int Index { get; init; }
    public required int Visibility { get; set; }
    public required ConditionText Condition { get; set; }
    public required SourceLocation Location { get; set; }
    public bool Used { get; set; }
}
