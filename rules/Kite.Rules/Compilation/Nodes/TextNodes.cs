using Kite.Rules.Compilation.Matching;
using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Nodes;

/// <summary>A single-valued text field against a matcher; missing value = false, even for `!=`.</summary>
internal sealed class TextNode<TSource>(FieldId id, FieldArgument argument, TextMatcher matcher, bool negate) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly FieldId _id = id;
    private readonly FieldArgument _argument = argument;
    private readonly TextMatcher _matcher = matcher;
    private readonly bool _negate = negate;

    internal override int Cost => _matcher.Cost;

    public override bool Evaluate(ref TSource source) =>
        source.TryGetString(_id, in _argument, out ReadOnlySpan<byte> value) && _matcher.Matches(value) != _negate;
}

/// <summary>
/// A multi-valued text field. <see cref="FieldMode.Any"/>: true if some value matches (with negate:
/// at least one value and none matches, Falco's `fd.ip != x`). <see cref="FieldMode.All"/> (list `in`):
/// at least one value and every value matches.
/// </summary>
internal sealed class MultiTextNode<TSource>(FieldId id, FieldArgument argument, TextMatcher matcher, FieldMode mode, bool negate) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly FieldId _id = id;
    private readonly FieldArgument _argument = argument;
    private readonly TextMatcher _matcher = matcher;

    internal override int Cost => _matcher.Cost * 3;

    public override bool Evaluate(ref TSource source)
    {
        long cursor = 0;
        bool any = false;
        while (source.TryGetNextString(_id, in _argument, ref cursor, out ReadOnlySpan<byte> value))
        {
            any = true;
            bool matched = _matcher.Matches(value);
            if (mode == FieldMode.All)
            {
                if (!matched)
                    return false;
            }
            else if (matched)
            {
                return !negate;
            }
        }
        return any && (mode == FieldMode.All || negate);
    }
}

internal enum FieldMode : byte
{
    Any,
    All,
}

/// <summary>A text field passed through transformers (`tolower`, `toupper`, `b64`, `basename`) into a scratch buffer, then matched.</summary>
internal sealed class TransformedTextNode<TSource>(FieldId id, FieldArgument argument, Binding.TransformerKind[] transformers, TextMatcher matcher, bool negate) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly FieldId _id = id;
    private readonly FieldArgument _argument = argument;
    private readonly Transformation _transformation = new(transformers);

    internal override int Cost => matcher.Cost + 4;

    public override bool Evaluate(ref TSource source)
    {
        if (!source.TryGetString(_id, in _argument, out ReadOnlySpan<byte> value) || !_transformation.TryApply(value, out ReadOnlySpan<byte> result))
            return false;
        return matcher.Matches(result) != negate;
    }
}
