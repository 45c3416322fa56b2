using Kite.Rules.Binding;
using Kite.Rules.Compilation.Matching;
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

/// <summary>`left OP val(right)`: compares two fields of the same event; false if either is missing.</summary>
internal sealed class FieldCompareNode<TSource>(FieldReader left, CheckOperator op, FieldReader right) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    internal override int Cost => 8;

    public override bool Evaluate(ref TSource source)
    {
        if (left.IsNumeric)
        {
            return left.TryReadNumber(ref source, out Int128 a) && right.TryReadNumber(ref source, out Int128 b) && CompareNumbers(a, op, [b]);
        }
        if (!left.TryReadText(ref source, out ReadOnlySpan<byte> l))
            return false;
        // The source may reuse its buffer on the next read: copy the left value first.
        Span<byte> copy = l.Length <= 512 ? stackalloc byte[l.Length] : new byte[l.Length];
        l.CopyTo(copy);
        if (!right.TryReadText(ref source, out ReadOnlySpan<byte> r))
            return false;
        return op switch
        {
            CheckOperator.Equal or CheckOperator.In or CheckOperator.Intersects => copy.SequenceEqual(r),
            CheckOperator.NotEqual => !copy.SequenceEqual(r),
            CheckOperator.Contains => copy.IndexOf(r) >= 0,
            CheckOperator.IContains => new IContainsMatcher(r.ToArray()).Matches(copy),
            CheckOperator.StartsWith => copy.StartsWith(r),
            CheckOperator.EndsWith => copy.EndsWith(r),
            CheckOperator.Glob => Glob.Match(r, copy, false),
            CheckOperator.IGlob => Glob.Match(r, copy, true),
            CheckOperator.Less => copy.SequenceCompareTo(r) < 0,
            CheckOperator.LessOrEqual => copy.SequenceCompareTo(r) <= 0,
            CheckOperator.Greater => copy.SequenceCompareTo(r) > 0,
            CheckOperator.GreaterOrEqual => copy.SequenceCompareTo(r) >= 0,
            _ => false,
        };
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
