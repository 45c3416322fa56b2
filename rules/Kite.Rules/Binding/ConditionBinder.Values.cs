using System.Text;
using Kite.Rules.Fields;
using Kite.Rules.Syntax;

namespace Kite.Rules.Binding;

/// <summary>Checks whose operands use `join`, `concat` or `getopt` (or `len` of a list field): bound to <see cref="BoundValueCheck"/>.</summary>
internal sealed partial class ConditionBinder
{
    private bool RequiresValueTree(CheckExpr check) =>
        ValueBinder.UsesMultiArgumentTransformer(check.Left) || ValueBinder.UsesMultiArgumentTransformer(check.Right)
        || IsLengthOfListField(check.Left) || IsLengthOfListField(check.Right)
        || ComparesListFieldWithAnotherValue(check);

    // `len(list_field)` counts elements, which the single-field transformer chain cannot express.
    private bool IsLengthOfListField(Operand? operand) =>
        operand is TransformerOperand { Name: "len", Arguments: [FieldOperand field] } && IsListField(field);

    // `x in val(list_field)` and `list_field in val(x)` compare with each value of the list (membership),
    // which the value tree does; the single-field comparison reads one value per side.
    private bool ComparesListFieldWithAnotherValue(CheckExpr check) =>
        check.Right is TransformerOperand right
        && ((check.Left is FieldOperand left && IsListField(left)) || (right is { Name: "val", Arguments: [FieldOperand inner] } && IsListField(inner)));

    private bool IsListField(FieldOperand field)
    {
        BoundField resolved = ResolveField(_catalog, field.Token, field.BracketArgument, out string? error, out _);
        return error is null && resolved.Multiplicity == FieldMultiplicity.List;
    }

    private BoundValueCheck BindValueCheck(CheckExpr check, ParsedCondition context)
    {
        if (!CheckOperators.TryParse(check.Operator, out CheckOperator op))
            throw new ConditionBindException(context, check.OperatorStart, $"unknown operator '{check.Operator}'");
        ListModifier modifier = check.Modifier switch
        {
            "oneof" => ListModifier.OneOf,
            "anyof" => ListModifier.AnyOf,
            "allof" => ListModifier.AllOf,
            _ => ListModifier.None,
        };
        BoundValue left = BindValueOperand(check.Left, context, lhs: true);
        CheckValueOperatorSupport(left, op, modifier, check, context);
        string opText = op.Text() + (modifier == ListModifier.None ? "" : " " + check.Modifier);
        if (op == CheckOperator.Exists)
            return new BoundValueCheck(left, op, modifier, [], null, $"{left} exists");

        if (check.Right is TransformerOperand rightTransformer)
        {
            if (op is CheckOperator.PMatch or CheckOperator.Regex or CheckOperator.BContains or CheckOperator.BStartsWith)
                throw new ConditionBindException(context, rightTransformer.Start, $"operator '{op.Text()}' cannot compare with another field");
            BoundValue right = BindValueOperand(rightTransformer, context, lhs: false);
            bool textual = left.Shape != ValueShape.Number && right.Shape != ValueShape.Number;
            if (!textual && !(left.Shape == ValueShape.Number && right.Shape == ValueShape.Number))
                throw new ConditionBindException(context, rightTransformer.Start, $"cannot compare {Describe(left)} of type {left.DisplayName()} with '{right}' of type {right.DisplayName()}");
            if (right.Shape == ValueShape.TextList && op is not (CheckOperator.In or CheckOperator.Intersects))
                throw new ConditionBindException(context, rightTransformer.Start, $"operator '{op.Text()}' needs a single value on the right, '{right}' is a list (use 'in' or 'intersects')");
            return new BoundValueCheck(left, op, modifier, [], right, $"{left} {opText} {right}");
        }

        IReadOnlyList<ValueOperand> literals = check.Right switch
        {
            ListOperand list => list.Items,
            ValueOperand value => [value],
            _ => throw new ConditionBindException(context, check.OperatorStart, $"missing value after '{check.Operator}'"),
        };
        var values = new List<object>(literals.Count);
        foreach (ValueOperand literal in literals)
            values.Add(ConvertLiteral(left, op, literal, context));
        CheckLiteralHints(UsesUnsafeNaField(left) ? left.Display : null, op, literals, context);
        string rhs = check.Right is ListOperand ? "(" + string.Join(", ", literals) + ")" : literals[0].ToString();
        if (op.TakesList() || modifier != ListModifier.None)
            rhs = check.Right is ListOperand ? rhs : "(" + rhs + ")";
        return new BoundValueCheck(left, op, modifier, values, null, $"{left} {opText} {rhs}");
    }

    /// <summary>Binds one side of a value check: a plain field, `val(field)` (right side only) or a transformer tree.</summary>
    private BoundValue BindValueOperand(Operand operand, ParsedCondition context, bool lhs)
    {
        try
        {
            switch (operand)
            {
                case FieldOperand field:
                    return ValueBinder.AsValue(BindField(field, context, lhs, inTransformer: false), field.Start);
                case TransformerOperand { Name: "val" } val when !lhs:
                    if (val.Arguments is not [FieldOperand inner])
                        throw new ConditionBindException(context, val.Start, "val() takes exactly one field argument");
                    return ValueBinder.AsValue(BindField(inner, context, lhs: false, inTransformer: true), inner.Start);
                default:
                    var binder = new ValueBinder(f => BindField(f, context, lhs, inTransformer: true));
                    BoundValue value = binder.Bind(operand);
                    foreach (var (offset, message) in binder.Hints)
                        Warn(context, offset, Loading.RuleDiagnosticCode.LOAD_COMPILE_CONDITION, message);
                    return value;
            }
        }
        catch (ValueBindException e)
        {
            throw new ConditionBindException(context, e.Offset, e.Message);
        }
    }

    private static void CheckValueOperatorSupport(BoundValue left, CheckOperator op, ListModifier modifier, CheckExpr check, ParsedCondition context)
    {
        bool ok = left.Shape switch
        {
            ValueShape.TextList => op is CheckOperator.In or CheckOperator.Intersects or CheckOperator.Exists,
            ValueShape.Number => op is CheckOperator.Equal or CheckOperator.NotEqual or CheckOperator.Less or CheckOperator.LessOrEqual
                or CheckOperator.Greater or CheckOperator.GreaterOrEqual or CheckOperator.In or CheckOperator.Intersects or CheckOperator.Exists,
            _ => op is not (CheckOperator.BContains or CheckOperator.BStartsWith),
        };
        if (modifier != ListModifier.None && (op.TakesList() || op == CheckOperator.Exists || op.IsOrdering() || left.Shape != ValueShape.Text))
            ok = false;
        if (!ok)
            throw new ConditionBindException(context, check.OperatorStart,
                $"operator '{op.Text()}{(modifier == ListModifier.None ? "" : " " + check.Modifier)}' not supported for {Describe(left)} of type {left.DisplayName()}");
    }

    private static object ConvertLiteral(BoundValue left, CheckOperator op, ValueOperand literal, ParsedCondition context)
    {
        string text = literal.Value;
        if (left.Shape == ValueShape.Number)
        {
            if (TryParseInteger(text, out long signed, out _, signed: true))
                return (Int128)signed;
            if (TryParseInteger(text, out _, out ulong unsigned, signed: false))
                return (Int128)unsigned;
            throw new ConditionBindException(context, literal.Start, $"'{text}' is not a valid number for {Describe(left)} of type {left.DisplayName()}");
        }
        if (op == CheckOperator.Regex)
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(text, System.Text.RegularExpressions.RegexOptions.CultureInvariant);
            }
            catch (ArgumentException e)
            {
                throw new ConditionBindException(context, literal.Start, $"invalid regular expression '{text}': {e.Message}");
            }
        }
        return Encoding.UTF8.GetBytes(text);
    }

    private static string Describe(BoundValue value) => value is BoundFieldValue ? $"field '{value}'" : $"'{value}'";

    private static bool UsesUnsafeNaField(BoundValue value) => value switch
    {
        BoundFieldValue f => IsUnsafeNaField(f.Field.Descriptor),
        BoundUnaryValue u => UsesUnsafeNaField(u.Operand),
        BoundConcatValue c => c.Parts.Any(UsesUnsafeNaField),
        BoundJoinValue j => UsesUnsafeNaField(j.Separator) || j.Items.Any(UsesUnsafeNaField),
        BoundGetoptValue g => UsesUnsafeNaField(g.Arguments) || UsesUnsafeNaField(g.OptString),
        _ => false,
    };
}
