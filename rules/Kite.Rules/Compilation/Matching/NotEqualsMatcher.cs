namespace Kite.Rules.Compilation.Matching;

/// <summary>
/// `!=` applied to one value where the node does not negate the result: an element of a list modifier
/// (`proc.name != anyof (a, b)`: some element differs) or a candidate of an any-value field
/// (`proc.aname != sshd`: some ancestor is not sshd).
/// </summary>
internal sealed class NotEqualsMatcher(byte[] unexpected) : TextMatcher
{
    public override int Cost => 2;
    public override bool Matches(ReadOnlySpan<byte> value) => !value.SequenceEqual(unexpected);
}
