namespace Kite.Rules;

/// <summary>What Kite's rule engine reports about itself to rules files.</summary>
public static class RuleEngineInfo
{
    /// <summary>
    /// The Falco engine version Kite is compatible with (`required_engine_version` is checked
    /// against it): the version the upstream rule files were tested with.
    /// </summary>
    public static Version EngineVersion { get; } = new(0, 63, 0);
}
