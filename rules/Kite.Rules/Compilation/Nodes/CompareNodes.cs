using Kite.Rules.Binding;
using Kite.Rules.Compilation.Matching;
using Kite.Rules.Compilation.Values;
using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Nodes;

/// <summary>A numeric check on a derived number (`len(proc.name) > 10`).</summary>
internal sealed class NumberNode<TSource>(FieldReader reader, CheckOperator op, Int128[] constants) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    internal override int Cost => 6;

    public override bool Evaluate(ref TSource source) =>
        reader.TryReadNumber(ref source, out Int128 v) && FieldCompareNode<TSource>.CompareNumbers(v, op, constants);
}

/// <summary>
/// `left OP val(right)`: compares two fields of the same event; false if either is missing. Reading the right
/// field may overwrite the left value in the source's buffer, so the left text is copied first into a buffer
/// allocated with the node: a left value longer than <see cref="ValueLimits.MaxTextBytes"/> is compared by its
/// first <see cref="ValueLimits.MaxTextBytes"/> bytes.
/// </summary>
internal sealed class FieldCompareNode<TSource> : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly FieldReader _left;
    private readonly CheckOperator _op;
    private readonly FieldReader _right;
    private readonly TextBuffer? _leftCopy;

    public FieldCompareNode(FieldReader left, CheckOperator op, FieldReader right)
    {
        _left = left;
        _op = op;
        _right = right;
        _leftCopy = left.IsNumeric ? null : new TextBuffer();
    }

    internal override int Cost => 8;

    public override bool Evaluate(ref TSource source)
    {
        if (_leftCopy is null)
            return _left.TryReadNumber(ref source, out Int128 a) && _right.TryReadNumber(ref source, out Int128 b) && CompareNumbers(a, _op, [b]);
        if (!_left.TryReadText(ref source, out ReadOnlySpan<byte> l))
            return false;
        ReadOnlySpan<byte> copy = _leftCopy.Set(l);
        return _right.TryReadText(ref source, out ReadOnlySpan<byte> r) && TextComparison.Compare(copy, _op, r);
    }

    internal static bool CompareNumbers(Int128 v, CheckOperator op, ReadOnlySpan<Int128> constants)
    {
        switch (op)
        {
            case CheckOperator.In or CheckOperator.Intersects or CheckOperator.Equal:
                foreach (Int128 c in constants)
                {
                    if (v == c)
                        return true;
                }
                return false;
            case CheckOperator.NotEqual:
                foreach (Int128 c in constants)
                {
                    if (v == c)
                        return false;
                }
                return true;
            case CheckOperator.Less: return v < constants[0];
            case CheckOperator.LessOrEqual: return v <= constants[0];
            case CheckOperator.Greater: return v > constants[0];
            default: return v >= constants[0];
        }
    }
}
