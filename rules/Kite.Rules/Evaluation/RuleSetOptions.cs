namespace Kite.Rules.Evaluation;

/// <summary>How a compiled rule set evaluates and formats.</summary>
public sealed record RuleSetOptions
{
    public RuleMatching Matching { get; init; } = RuleMatching.First;

    /// <summary>Append the source's suggested output fields (` container_id=%container.id ...`) to every output (falco.yaml `suggested_output`, default on).</summary>
    public bool SuggestedOutput { get; init; } = true;
}
