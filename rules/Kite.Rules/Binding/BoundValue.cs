using Kite.Rules.Fields;

namespace Kite.Rules.Binding;

/// <summary>What a <see cref="BoundValue"/> yields.</summary>
internal enum ValueShape : byte
{
    /// <summary>One text value (or missing).</summary>
    Text,

    /// <summary>Several text values: a list field, `getopt(...)` without an option selector.</summary>
    TextList,

    /// <summary>An integer: `len(...)`, or an integer field compared with a computed value.</summary>
    Number,
}

/// <summary>
/// A value computed by transformers over fields and literals, as a tree: `concat(proc.name, "-",
/// tolower(proc.pname))`, `join(",", (proc.name, proc.pname))`, `getopt(proc.args, "o:")[o]`.
/// Conditions and outputs that use `join`, `concat` or `getopt` (anywhere in the operand) are bound
/// to this form; the simpler single-field chains (`tolower(proc.name)`) keep <see cref="BoundField"/>.
/// </summary>
internal abstract record BoundValue(ValueShape Shape, string Display)
{
    public sealed override string ToString() => Display;
}

/// <summary>A field read as is: text, a list of texts (list fields) or an integer.</summary>
internal sealed record BoundFieldValue(BoundField Field, ValueShape FieldShape) : BoundValue(FieldShape, Field.Display);

/// <summary>A string or number literal argument (`"-"`, `1`), as UTF-8.</summary>
internal sealed record BoundLiteralValue(byte[] Utf8, string Text, bool Quoted) : BoundValue(ValueShape.Text, Quoted ? "\"" + Text.Replace("\"", "\\\"") + "\"" : Text);

/// <summary>A one-argument transformer (`tolower`, `toupper`, `b64`, `basename`, `len`) over a computed value.</summary>
internal sealed record BoundUnaryValue(TransformerKind Kind, BoundValue Operand, ValueShape ResultShape, string Name)
    : BoundValue(ResultShape, $"{Name}({Operand.Display})");

/// <summary>`concat(a, b, ...)`: the texts of every part, one after the other; missing if any part is missing.</summary>
internal sealed record BoundConcatValue(IReadOnlyList<BoundValue> Parts)
    : BoundValue(ValueShape.Text, $"concat({string.Join(", ", Parts)})");

/// <summary>
/// `join(sep, list)`: the values of <see cref="Items"/> (each a text or a list of texts, in order)
/// separated by <see cref="Separator"/>. <see cref="ItemsAsList"/> says the items were written as a
/// `(...)` list rather than as one list-valued argument (display only).
/// </summary>
internal sealed record BoundJoinValue(BoundValue Separator, IReadOnlyList<BoundValue> Items, bool ItemsAsList)
    : BoundValue(ValueShape.Text, $"join({Separator.Display}, {(ItemsAsList ? "(" + string.Join(", ", Items) + ")" : Items[0].Display)})");

/// <summary>
/// `getopt(args, optstring)[c]`: the command line <see cref="Arguments"/> (a list of texts, or a text
/// split on blanks) parsed as getopt(3) would with <see cref="OptString"/>. With a <see cref="Selector"/>
/// the value of that option (its argument, or the option character itself when it takes none); without
/// one, the list of options found (each option character, followed by its argument when it takes one).
/// </summary>
internal sealed record BoundGetoptValue(BoundValue Arguments, BoundValue OptString, byte? Selector)
    : BoundValue(Selector is null ? ValueShape.TextList : ValueShape.Text,
        $"getopt({Arguments.Display}, {OptString.Display})" + (Selector is { } s ? $"[{(char)s}]" : ""));

/// <summary>
/// A comparison whose left side, or right side, is a <see cref="BoundValue"/>. The right-hand side is
/// either literals converted to the left shape (<see cref="Values"/>: byte[] for text, Int128 for
/// numbers) or another value (<see cref="RightValue"/>, from `val()` or a transformer).
/// </summary>
internal sealed record BoundValueCheck(BoundValue Left, CheckOperator Operator, ListModifier Modifier, IReadOnlyList<object> Values, BoundValue? RightValue, string Display) : BoundExpr
{
    public override string ToString() => Display;
}

internal static class ValueShapes
{
    /// <summary>The type name used in messages: `string`, `string (list)`, `uint64`.</summary>
    public static string DisplayName(this BoundValue value) => value switch
    {
        BoundFieldValue f when f.Shape == ValueShape.Number => f.Field.ValueType.DisplayName(),
        _ => value.Shape switch
        {
            ValueShape.Text => "string",
            ValueShape.TextList => "string (list)",
            _ => "uint64",
        },
    };
}
