using Kite.Rules.Fields;

namespace Kite.Rules.Binding;

/// <summary>A condition after macro expansion, field resolution and type checking: what the compiler turns into nodes.</summary>
internal abstract record BoundExpr;

internal sealed record BoundAnd(IReadOnlyList<BoundExpr> Operands) : BoundExpr;

internal sealed record BoundOr(IReadOnlyList<BoundExpr> Operands) : BoundExpr;

internal sealed record BoundNot(BoundExpr Operand) : BoundExpr;

internal sealed record BoundConstant(bool Value) : BoundExpr
{
    public static readonly BoundConstant True = new(true);
    public static readonly BoundConstant False = new(false);
}

/// <summary>How many values a field reference yields.</summary>
internal enum FieldMultiplicity : byte
{
    /// <summary>One value (or missing).</summary>
    Single,

    /// <summary>A list field: `in` needs every value in the set, `intersects` any.</summary>
    List,

    /// <summary>Candidates where the check holds if any candidate satisfies it (`proc.aname`, `fd.ip`); `!=` holds if none is equal.</summary>
    Any,
}

/// <summary>A transformer applied to a value (`tolower(proc.name)`).</summary>
internal enum TransformerKind : byte
{
    ToLower,
    ToUpper,
    Base64,
    Basename,
    Length,
}

/// <summary>A resolved field reference, possibly wrapped in transformers (innermost first).</summary>
internal sealed record BoundField(FieldDescriptor Descriptor, FieldArgument Argument, FieldType ValueType, FieldMultiplicity Multiplicity, IReadOnlyList<TransformerKind> Transformers, string Display)
{
    /// <summary>The type after transformers (`len` makes a number).</summary>
    public FieldType ResultType => Transformers.Count > 0 && Transformers[^1] == TransformerKind.Length ? FieldType.UInt64 : (Transformers.Count > 0 ? FieldType.String : ValueType);

    public override string ToString() => Display;
}

/// <summary>
/// One comparison. The right-hand side is either converted literals (<see cref="Values"/>, one per
/// list item; text as UTF-8, numbers as long/ulong, addresses, networks, bools) or another field
/// (<see cref="RightField"/>, from `val()` or a transformer).
/// </summary>
internal sealed record BoundCheck(BoundField Left, CheckOperator Operator, ListModifier Modifier, IReadOnlyList<object> Values, BoundField? RightField, string Display) : BoundExpr
{
    public override string ToString() => Display;
}
