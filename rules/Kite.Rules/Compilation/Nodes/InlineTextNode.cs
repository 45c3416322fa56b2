using Kite.Rules.Compilation.Matching;
using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Nodes;

/// <summary>
/// <see cref="TextNode{TSource}"/> for the common operators (`=`, `in`, `startswith`, `endswith`, `contains`,
/// `startswith anyof`): the test is a struct type argument, inlined into this node. Same semantics: a
/// missing value is false, even for `!=`.
/// </summary>
internal sealed class InlineTextNode<TSource, TTest>(FieldId id, FieldArgument argument, TTest test, bool negate, int cost) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
    where TTest : struct, IInlineTextTest
{
    private readonly FieldId _id = id;
    private readonly FieldArgument _argument = argument;
    private readonly TTest _test = test;
    private readonly bool _negate = negate;
    private readonly int _cost = cost;

    internal override int Cost => _cost;

    public override bool Evaluate(ref TSource source) =>
        source.TryGetString(_id, in _argument, out ReadOnlySpan<byte> value) && _test.Matches(value) != _negate;
}

/// <summary>Builds the text node for a single-valued field: an <see cref="InlineTextNode{TSource, TTest}"/> when the matcher has an inline form.</summary>
internal static class TextNodeFactory
{
    public static ConditionNode<TSource> Create<TSource>(FieldId id, FieldArgument argument, TextMatcher matcher, bool negate)
        where TSource : IFieldSource, allows ref struct => matcher switch
    {
        EqualsMatcher m => new InlineTextNode<TSource, EqualsTest>(id, argument, new EqualsTest(m.Expected), negate, m.Cost),
        StartsWithMatcher m => new InlineTextNode<TSource, StartsWithTest>(id, argument, new StartsWithTest(m.Prefix), negate, m.Cost),
        EndsWithMatcher m => new InlineTextNode<TSource, EndsWithTest>(id, argument, new EndsWithTest(m.Suffix), negate, m.Cost),
        ContainsMatcher m => new InlineTextNode<TSource, ContainsTest>(id, argument, new ContainsTest(m.Needle), negate, m.Cost),
        SetMatcher m => new InlineTextNode<TSource, SetTest>(id, argument, new SetTest(m), negate, m.Cost),
        PrefixSetMatcher m => new InlineTextNode<TSource, PrefixSetTest>(id, argument, new PrefixSetTest(m), negate, m.Cost),
        _ => new TextNode<TSource>(id, argument, matcher, negate),
    };
}
