namespace Kite.Rules.Loading;

/// <summary>Options of <see cref="RuleLoader.Load"/>.</summary>
public sealed record RuleLoadOptions
{
    /// <summary>Check `required_plugin_versions` against the plugins the catalogs provide (Falco fails the load when unmet).</summary>
    public bool CheckPluginRequirements { get; init; } = true;
}
