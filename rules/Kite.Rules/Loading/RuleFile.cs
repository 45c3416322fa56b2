namespace Kite.Rules.Loading;

/// <summary>One rules file to load: a display name (path) and its text.</summary>
public sealed record RuleFile(string Name, string Content)
{
    /// <summary>Reads a file from disk; a directory expands to its `.yaml`/`.yml` files in byte-wise path order (Falco).</summary>
    public static IReadOnlyList<RuleFile> FromPath(string path)
    {
        if (Directory.Exists(path))
        {
            return Directory.EnumerateFiles(path)
                .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(f => new RuleFile(f, File.ReadAllText(f)))
                .ToList();
        }
        return [new RuleFile(path, File.ReadAllText(path))];
    }
}
