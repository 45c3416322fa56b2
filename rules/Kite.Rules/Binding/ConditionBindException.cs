namespace Kite.Rules.Binding;

/// <summary>A condition that parses but does not bind: where (in which parsed text) and why.</summary>
internal sealed class ConditionBindException(ParsedCondition condition, int offset, string message, bool unknownFilter = false) : Exception(message)
{
    public ParsedCondition Condition { get; } = condition;

    public int Offset { get; } = offset;

    /// <summary>True for problems `skip-if-unknown-filter` may turn into a warning (unknown field, event type or argument).</summary>
    public bool IsUnknownFilter { get; } = unknownFilter;
}
