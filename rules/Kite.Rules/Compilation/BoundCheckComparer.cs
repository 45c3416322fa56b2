using Kite.Rules.Binding;

namespace Kite.Rules.Compilation;

/// <summary>
/// Structural equality of two checks: same field reference (field, argument, transformers), operator, list
/// modifier and values. Two checks that compare equal always give the same result on the same event, so
/// the planner keeps one node for both. The display text must match too: a check that differs in a way
/// this comparer does not know about prints differently, so it is never merged by mistake.
/// </summary>
internal sealed class BoundCheckComparer : IEqualityComparer<BoundCheck>
{
    public static readonly BoundCheckComparer Instance = new();

    public bool Equals(BoundCheck? x, BoundCheck? y)
    {
        if (ReferenceEquals(x, y))
            return true;
        if (x is null || y is null)
            return false;
        return x.Operator == y.Operator && x.Modifier == y.Modifier
            && string.Equals(x.Display, y.Display, StringComparison.Ordinal)
            && SameField(x.Left, y.Left)
            && (x.RightField is null ? y.RightField is null : y.RightField is not null && SameField(x.RightField, y.RightField))
            && SameValues(x.Values, y.Values);
    }

    public int GetHashCode(BoundCheck obj) =>
        HashCode.Combine(obj.Left.Descriptor.Id, obj.Operator, obj.Values.Count, StringComparer.Ordinal.GetHashCode(obj.Display));

    private static bool SameField(BoundField x, BoundField y) =>
        ReferenceEquals(x.Descriptor, y.Descriptor)
        && x.ValueType == y.ValueType
        && x.Multiplicity == y.Multiplicity
        && x.Argument.Kind == y.Argument.Kind
        && x.Argument.Index == y.Argument.Index
        && x.Argument.Code == y.Argument.Code
        && string.Equals(x.Argument.Text, y.Argument.Text, StringComparison.Ordinal)
        && x.Transformers.SequenceEqual(y.Transformers)
        && string.Equals(x.Display, y.Display, StringComparison.Ordinal);

    private static bool SameValues(IReadOnlyList<object> x, IReadOnlyList<object> y)
    {
        if (x.Count != y.Count)
            return false;
        for (int i = 0; i < x.Count; i++)
        {
            bool same = x[i] is byte[] a ? y[i] is byte[] b && a.AsSpan().SequenceEqual(b) : Equals(x[i], y[i]);
            if (!same)
                return false;
        }
        return true;
    }
}
