namespace Kite.Rules.Compilation.Matching;

/// <summary>
/// A text test as a struct, so <see cref="Nodes.InlineTextNode{TSource, TTest}"/> is compiled once per test kind
/// and the test is inlined into the node: no second virtual call per check for the common operators.
/// </summary>
internal interface IInlineTextTest
{
    bool Matches(ReadOnlySpan<byte> value);
}

internal readonly struct EqualsTest(byte[] expected) : IInlineTextTest
{
    private readonly byte[] _expected = expected;

    public bool Matches(ReadOnlySpan<byte> value) => value.SequenceEqual(_expected);
}

internal readonly struct StartsWithTest(byte[] prefix) : IInlineTextTest
{
    private readonly byte[] _prefix = prefix;

    public bool Matches(ReadOnlySpan<byte> value) => value.StartsWith(_prefix);
}

internal readonly struct EndsWithTest(byte[] suffix) : IInlineTextTest
{
    private readonly byte[] _suffix = suffix;

    public bool Matches(ReadOnlySpan<byte> value) => value.EndsWith(_suffix);
}

internal readonly struct ContainsTest(byte[] needle) : IInlineTextTest
{
    private readonly byte[] _needle = needle;

    public bool Matches(ReadOnlySpan<byte> value) => value.IndexOf(_needle) >= 0;
}

internal readonly struct SetTest(SetMatcher set) : IInlineTextTest
{
    private readonly SetMatcher _set = set;

    public bool Matches(ReadOnlySpan<byte> value) => _set.Matches(value);
}

internal readonly struct PrefixSetTest(PrefixSetMatcher prefixes) : IInlineTextTest
{
    private readonly PrefixSetMatcher _prefixes = prefixes;

    public bool Matches(ReadOnlySpan<byte> value) => _prefixes.Matches(value);
}
