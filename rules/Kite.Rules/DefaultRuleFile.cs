namespace Kite.Rules;

/// <summary>
/// One embedded default rule file: <see cref="Name"/> is what diagnostics and alerts cite
/// (e.g. `kite_rules.yaml:42:5`), <see cref="Content"/> the YAML text.
/// </summary>
public sealed record DefaultRuleFile(string Name, string Content)
{
    /// <summary>The name shown to users, marking the file as built in.</summary>
    public string DisplayName => $"{Name} (built-in)";
}
