namespace Kite.Agent.Configuration;

/// <summary>`rule_matching`: how many rules may fire for one event.</summary>
internal enum RuleMatching
{
    /// <summary>Only the first matching rule (in load order) fires.</summary>
    First,

    /// <summary>Every matching rule fires.</summary>
    All,
}
