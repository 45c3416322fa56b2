using Kite.Rules.Binding;
using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Nodes;

/// <summary>A numeric test: one comparison against a constant, or membership in a set.</summary>
internal sealed class NumericTest<T>(CheckOperator op, T constant, HashSet<T>? set)
    where T : struct, IComparable<T>
{
    public bool Test(T value)
    {
        if (set is not null)
            return set.Contains(value) != (op == CheckOperator.NotEqual);
        int c = value.CompareTo(constant);
        return op switch
        {
            CheckOperator.Equal => c == 0,
            CheckOperator.NotEqual => c != 0,
            CheckOperator.Less => c < 0,
            CheckOperator.LessOrEqual => c <= 0,
            CheckOperator.Greater => c > 0,
            _ => c >= 0,
        };
    }
}

internal sealed class Int64Node<TSource>(FieldId id, FieldArgument argument, NumericTest<long> test) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly FieldId _id = id;
    private readonly FieldArgument _argument = argument;

    internal override int Cost => 2;

    public override bool Evaluate(ref TSource source) => source.TryGetInt64(_id, in _argument, out long v) && test.Test(v);
}

internal sealed class UInt64Node<TSource>(FieldId id, FieldArgument argument, NumericTest<ulong> test) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly FieldId _id = id;
    private readonly FieldArgument _argument = argument;

    internal override int Cost => 2;

    public override bool Evaluate(ref TSource source) => source.TryGetUInt64(_id, in _argument, out ulong v) && test.Test(v);
}

internal sealed class DoubleNode<TSource>(FieldId id, FieldArgument argument, NumericTest<double> test) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly FieldId _id = id;
    private readonly FieldArgument _argument = argument;

    internal override int Cost => 2;

    public override bool Evaluate(ref TSource source) => source.TryGetDouble(_id, in _argument, out double v) && test.Test(v);
}

internal sealed class BoolNode<TSource>(FieldId id, FieldArgument argument, bool accepted, bool rejected) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly FieldId _id = id;
    private readonly FieldArgument _argument = argument;

    internal override int Cost => 2;

    public override bool Evaluate(ref TSource source) => source.TryGetBool(_id, in _argument, out bool v) && (v ? accepted : rejected);
}

/// <summary>Multi-valued numbers (`fd.port`, `proc.apid` without index): any value passes, or with negate none equals.</summary>
internal sealed class MultiInt64Node<TSource>(FieldId id, FieldArgument argument, NumericTest<long> test, FieldMode mode, bool negate) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly FieldId _id = id;
    private readonly FieldArgument _argument = argument;

    internal override int Cost => 6;

    public override bool Evaluate(ref TSource source)
    {
        long cursor = 0;
        bool any = false;
        while (source.TryGetNextInt64(_id, in _argument, ref cursor, out long v))
        {
            any = true;
            bool ok = test.Test(v);
            if (mode == FieldMode.All ? !ok : ok)
                return mode == FieldMode.All ? false : !negate;
        }
        return any && (mode == FieldMode.All || negate);
    }
}

internal sealed class MultiUInt64Node<TSource>(FieldId id, FieldArgument argument, NumericTest<ulong> test, FieldMode mode, bool negate) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly FieldId _id = id;
    private readonly FieldArgument _argument = argument;

    internal override int Cost => 6;

    public override bool Evaluate(ref TSource source)
    {
        long cursor = 0;
        bool any = false;
        while (source.TryGetNextUInt64(_id, in _argument, ref cursor, out ulong v))
        {
            any = true;
            bool ok = test.Test(v);
            if (mode == FieldMode.All ? !ok : ok)
                return mode == FieldMode.All ? false : !negate;
        }
        return any && (mode == FieldMode.All || negate);
    }
}
