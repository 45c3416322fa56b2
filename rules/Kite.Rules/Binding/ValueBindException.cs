namespace Kite.Rules.Binding;

/// <summary>A transformer operand that does not bind: the offset of the offending operand (in the text it was parsed from) and why.</summary>
internal sealed class ValueBindException(int offset, string message) : Exception(message)
{
    public int Offset { get; } = offset;
}
