namespace Kite.Rules.Output;

/// <summary>A rendered rule output: the message text (no time/priority prefix) and the typed fields, in template order.</summary>
public sealed record RuleOutput(string Message, IReadOnlyList<OutputField> Fields)
{
    /// <summary>The rendered text of each template part (null for literals), kept for <see cref="OutputTemplate.Rerender"/>.</summary>
    internal IReadOnlyList<string?>? PartTexts { get; init; }

    /// <summary>The template that rendered this output.</summary>
    internal OutputTemplate? Template { get; init; }
}
