namespace Kite.Rules.Loading;

/// <summary>A position in a rules file: 1-based line and column, as editors show them.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public static SourceLocation None(string file) => new(file, 0, 0);

    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
