using Kite.Rules.Binding;
using Kite.Rules.Compilation.Matching;
using Kite.Rules.Compilation.Values;
using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Nodes;

/// <summary>A computed text (`concat(...) = x`, `getopt(...)[o] startswith /tmp`) against a matcher; missing = false, even for `!=`.</summary>
internal sealed class ValueTextNode<TSource>(ValueNode<TSource> value, TextMatcher matcher, bool negate) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    internal override int Cost => value.Cost + matcher.Cost;

    public override bool Evaluate(ref TSource source) =>
        value.TryGetText(ref source, out ReadOnlySpan<byte> text) && matcher.Matches(text) != negate;
}

/// <summary>A computed list (`getopt(...) intersects (x)`): <see cref="FieldMode.All"/> for `in` (at least one value, all in the set), <see cref="FieldMode.Any"/> for `intersects`.</summary>
internal sealed class ValueListNode<TSource>(ValueNode<TSource> value, TextMatcher matcher, FieldMode mode) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    internal override int Cost => value.Cost + matcher.Cost * 3;

    public override bool Evaluate(ref TSource source)
    {
        if (!value.TryGetList(ref source, out TextList list))
            return false;
        for (int i = 0; i < list.Count; i++)
        {
            bool matched = matcher.Matches(list[i]);
            if (mode == FieldMode.All ? !matched : matched)
                return mode == FieldMode.Any;
        }
        return mode == FieldMode.All && list.Count > 0;
    }
}

/// <summary>A computed number (`len(getopt(...)) > 2`) against constants.</summary>
internal sealed class ValueNumberNode<TSource>(ValueNode<TSource> value, CheckOperator op, Int128[] constants) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    internal override int Cost => value.Cost + 1;

    public override bool Evaluate(ref TSource source) =>
        value.TryGetNumber(ref source, out Int128 number) && FieldCompareNode<TSource>.CompareNumbers(number, op, constants);
}

/// <summary>`computed exists`: the value can be computed for this event (a list may be empty).</summary>
internal sealed class ValueExistsNode<TSource>(ValueNode<TSource> value, ValueShape shape) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    internal override int Cost => value.Cost;

    public override bool Evaluate(ref TSource source) => shape switch
    {
        ValueShape.Text => value.TryGetText(ref source, out _),
        ValueShape.TextList => value.TryGetList(ref source, out _),
        _ => value.TryGetNumber(ref source, out _),
    };
}

/// <summary>
/// `left OP right` where right is another value of the same event (`val(f)` or a transformer): false if
/// either side is missing. Text against a list (either side) is membership: for `in`, every left value
/// is among the right values; for `intersects`, some is.
/// </summary>
internal sealed class ValueCompareNode<TSource> : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly ValueNode<TSource> _left;
    private readonly ValueShape _leftShape;
    private readonly CheckOperator _op;
    private readonly ValueNode<TSource> _right;
    private readonly ValueShape _rightShape;
    private readonly TextBuffer? _leftCopy;

    public ValueCompareNode(ValueNode<TSource> left, ValueShape leftShape, CheckOperator op, ValueNode<TSource> right, ValueShape rightShape)
    {
        _left = left;
        _leftShape = leftShape;
        _op = op;
        _right = right;
        _rightShape = rightShape;
        // A left text read in place from the source would be overwritten by reading the right side.
        if (leftShape == ValueShape.Text && !left.IsStable)
            _leftCopy = new TextBuffer();
    }

    internal override int Cost => _left.Cost + _right.Cost + 2;

    public override bool Evaluate(ref TSource source)
    {
        if (_leftShape == ValueShape.Number)
            return _left.TryGetNumber(ref source, out Int128 a) && _right.TryGetNumber(ref source, out Int128 b) && FieldCompareNode<TSource>.CompareNumbers(a, _op, [b]);
        if (_leftShape == ValueShape.TextList)
        {
            if (!_left.TryGetList(ref source, out TextList values))
                return false;
            return _rightShape == ValueShape.TextList
                ? _right.TryGetList(ref source, out TextList set) && Membership(values, set)
                : _right.TryGetText(ref source, out ReadOnlySpan<byte> single) && Membership(values, single);
        }
        if (!_left.TryGetText(ref source, out ReadOnlySpan<byte> text))
            return false;
        if (_leftCopy is not null)
            text = _leftCopy.Set(text);
        if (_rightShape == ValueShape.TextList)
            return _right.TryGetList(ref source, out TextList set) && set.Contains(text);
        return _right.TryGetText(ref source, out ReadOnlySpan<byte> other) && TextComparison.Compare(text, _op, other);
    }

    private bool Membership(TextList values, TextList set)
    {
        for (int i = 0; i < values.Count; i++)
        {
            bool found = set.Contains(values[i]);
            if (_op == CheckOperator.Intersects ? found : !found)
                return _op == CheckOperator.Intersects;
        }
        return _op == CheckOperator.In && values.Count > 0;
    }

    private bool Membership(TextList values, ReadOnlySpan<byte> single)
    {
        for (int i = 0; i < values.Count; i++)
        {
            bool equal = values[i].SequenceEqual(single);
            if (_op == CheckOperator.Intersects ? equal : !equal)
                return _op == CheckOperator.Intersects;
        }
        return _op == CheckOperator.In && values.Count > 0;
    }
}
