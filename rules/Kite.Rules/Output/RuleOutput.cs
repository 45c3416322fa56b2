namespace Kite.Rules.Output;

/// <summary>A rendered rule output: the message text (no time/priority prefix) and the typed fields, in template order.</summary>
public sealed record RuleOutput(string Message, IReadOnlyList<OutputField> Fields);
