namespace Kite.Rules.Loading;

/// <summary>A `list` item as collected across files (define, append, override applied).</summary>
internal sealed class ListDefinition
{
    public required string Name { get; init; }
    public required int Index { get; init; }
    public required int Visibility { get; set; }
    public required List<string> Items { get; set; }
    public required SourceLocation Location { get; set; }

    /// <summary>Items after list-in-list expansion (one level), set by the compiler in index order.</summary>
    public List<string> CompiledItems { get; set; } = [];

    public bool Used { get; set; }
}
