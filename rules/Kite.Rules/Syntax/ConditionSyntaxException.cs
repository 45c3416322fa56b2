namespace Kite.Rules.Syntax;

/// <summary>A condition that does not parse: the offset of the problem in the condition text and a one-line reason.</summary>
internal sealed class ConditionSyntaxException(int offset, string message) : Exception(message)
{
    public int Offset { get; } = offset;
}
