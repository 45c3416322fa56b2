namespace Kite.Rules.Evaluation;

/// <summary>falco.yaml `rule_matching`: alert for the first matching rule only (default), or for every matching rule.</summary>
public enum RuleMatching
{
    First,
    All,
}
