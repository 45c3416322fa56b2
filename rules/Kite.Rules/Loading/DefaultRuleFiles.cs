using System.Reflection;

namespace Kite.Rules.Loading;

/// <summary>
/// Kite's own default rule files, embedded in this assembly as resources (rules/default/*.yaml), in
/// resource-name order. Used when no rules file is configured.
/// </summary>
public static class DefaultRuleFiles
{
    public static IReadOnlyList<RuleFile> Load()
    {
        Assembly assembly = typeof(DefaultRuleFiles).Assembly;
        var files = new List<RuleFile>();
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".yaml", StringComparison.Ordinal) && !n.Contains(".tests.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using Stream stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            files.Add(new RuleFile("embedded:" + name, reader.ReadToEnd()));
        }
        return files;
    }
}
