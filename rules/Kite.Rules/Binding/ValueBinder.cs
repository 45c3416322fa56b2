using System.Text;
using Kite.Rules.Compilation.Values;
using Kite.Rules.Fields;
using Kite.Rules.Syntax;

namespace Kite.Rules.Binding;

/// <summary>
/// Binds a transformer operand (`concat(...)`, `join(...)`, `getopt(...)[c]`, and the one-argument
/// transformers around or inside them) to a <see cref="BoundValue"/> tree, checking argument counts and
/// types (SPEC.md 2.9). Fields are resolved by the caller's <c>resolveField</c>, which applies the
/// rules of where the operand appears (condition or output) and reports its own errors; every other
/// problem is a <see cref="ValueBindException"/> at the offending operand.
/// </summary>
internal sealed class ValueBinder(Func<FieldOperand, BoundField> resolveField)
{
    /// <summary>Non-fatal findings (offset, message), e.g. a getopt selector the literal optstring does not declare.</summary>
    public List<(int Offset, string Message)> Hints { get; } = [];

    /// <summary>True when <paramref name="operand"/> needs this binder: it uses `join`, `concat` or `getopt` somewhere.</summary>
    public static bool UsesMultiArgumentTransformer(Operand? operand) => operand switch
    {
        TransformerOperand { Name: "join" or "concat" or "getopt" } => true,
        TransformerOperand t => t.Arguments.Any(UsesMultiArgumentTransformer),
        _ => false,
    };

    public BoundValue Bind(Operand operand) => operand switch
    {
        FieldOperand field => BindField(field),
        ValueOperand literal => new BoundLiteralValue(Encoding.UTF8.GetBytes(literal.Value), literal.Value, literal.Quoted),
        TransformerOperand { Name: "val" } val => throw new ValueBindException(val.Start, "val() can only be used on the right-hand side of a comparison"),
        TransformerOperand { Name: "(list)" } list => throw new ValueBindException(list.Start, "a '(...)' list is only allowed as the second argument of join()"),
        TransformerOperand { Name: "join" } join => BindJoin(join),
        TransformerOperand { Name: "concat" } concat => BindConcat(concat),
        TransformerOperand { Name: "getopt" } getopt => BindGetopt(getopt),
        TransformerOperand unary => BindUnary(unary),
        _ => throw new ValueBindException(operand.Start, "expected a field, a transformer or a literal"),
    };

    /// <summary>Binds a field as a value: text, list of texts, or integer; other types cannot be transformed.</summary>
    public BoundFieldValue BindField(FieldOperand operand) => AsValue(resolveField(operand), operand.Start);

    /// <summary>The value form of a resolved field, or an error for types and multiplicities transformers cannot take.</summary>
    public static BoundFieldValue AsValue(BoundField field, int offset)
    {
        if (field.Multiplicity == FieldMultiplicity.Any)
            throw new ValueBindException(offset, $"field '{field}' has several candidate values and cannot be used with transformers");
        if (field.Multiplicity == FieldMultiplicity.List)
        {
            if (!field.ValueType.IsText())
                throw new ValueBindException(offset, $"list field '{field}' of type {field.ValueType.DisplayName()} cannot be used with transformers");
            return new BoundFieldValue(field, ValueShape.TextList);
        }
        if (field.ValueType.IsText())
            return new BoundFieldValue(field, ValueShape.Text);
        if (field.ValueType.IsInteger())
            return new BoundFieldValue(field, ValueShape.Number);
        throw new ValueBindException(offset, $"field '{field}' of type {field.ValueType.DisplayName()} cannot be used with transformers");
    }

    private BoundUnaryValue BindUnary(TransformerOperand transformer)
    {
        TransformerKind kind = transformer.Name switch
        {
            "tolower" => TransformerKind.ToLower,
            "toupper" => TransformerKind.ToUpper,
            "b64" => TransformerKind.Base64,
            "basename" => TransformerKind.Basename,
            "len" => TransformerKind.Length,
            _ => throw new ValueBindException(transformer.Start, $"transformer '{transformer.Name}' is not supported"),
        };
        if (transformer.Arguments.Count != 1 || transformer.Arguments[0] is ValueOperand)
            throw new ValueBindException(transformer.Start, $"transformer '{transformer.Name}' takes exactly one argument, a field or a transformer");
        RejectBracket(transformer);
        BoundValue operand = Bind(transformer.Arguments[0]);
        if (kind == TransformerKind.Length)
        {
            if (operand.Shape == ValueShape.Number)
                throw new ValueBindException(transformer.Arguments[0].Start, $"transformer 'len' needs a string, bytes or list value, '{operand}' is {operand.DisplayName()}");
            return new BoundUnaryValue(kind, operand, ValueShape.Number, transformer.Name);
        }
        if (operand.Shape == ValueShape.TextList)
            throw new ValueBindException(transformer.Arguments[0].Start, $"transformer '{transformer.Name}' cannot be applied to multi-valued '{operand}'");
        if (operand.Shape != ValueShape.Text)
            throw new ValueBindException(transformer.Arguments[0].Start, $"transformer '{transformer.Name}' needs a string value, '{operand}' is {operand.DisplayName()}");
        return new BoundUnaryValue(kind, operand, ValueShape.Text, transformer.Name);
    }

    private BoundConcatValue BindConcat(TransformerOperand concat)
    {
        if (concat.Arguments.Count < 2)
            throw new ValueBindException(concat.Start, $"concat() takes at least 2 arguments, got {concat.Arguments.Count}");
        RejectBracket(concat);
        var parts = new BoundValue[concat.Arguments.Count];
        for (int i = 0; i < parts.Length; i++)
            parts[i] = RequireText(Bind(concat.Arguments[i]), concat.Arguments[i], $"concat() argument {i + 1}");
        return new BoundConcatValue(parts);
    }

    private BoundJoinValue BindJoin(TransformerOperand join)
    {
        if (join.Arguments.Count != 2)
            throw new ValueBindException(join.Start, $"join() takes 2 arguments, a separator and a list, got {join.Arguments.Count}");
        RejectBracket(join);
        BoundValue separator = RequireText(Bind(join.Arguments[0]), join.Arguments[0], "join() separator");
        if (join.Arguments[1] is TransformerOperand { Name: "(list)" } list)
        {
            var items = new BoundValue[list.Arguments.Count];
            for (int i = 0; i < items.Length; i++)
            {
                items[i] = Bind(list.Arguments[i]);
                if (items[i].Shape == ValueShape.Number)
                    throw new ValueBindException(list.Arguments[i].Start, $"join() items must be strings, '{items[i]}' is {items[i].DisplayName()}");
            }
            return new BoundJoinValue(separator, items, ItemsAsList: true);
        }
        BoundValue values = Bind(join.Arguments[1]);
        if (values.Shape != ValueShape.TextList)
            throw new ValueBindException(join.Arguments[1].Start, $"join() second argument must be a list (a list field, getopt() or '(a, b, ...)'), '{values}' is {values.DisplayName()}");
        return new BoundJoinValue(separator, [values], ItemsAsList: false);
    }

    private BoundGetoptValue BindGetopt(TransformerOperand getopt)
    {
        if (getopt.Arguments.Count != 2)
            throw new ValueBindException(getopt.Start, $"getopt() takes 2 arguments, the command-line arguments and an optstring, got {getopt.Arguments.Count}");
        BoundValue arguments = Bind(getopt.Arguments[0]);
        if (arguments.Shape == ValueShape.Number)
            throw new ValueBindException(getopt.Arguments[0].Start, $"getopt() arguments must be a string or a list of strings, '{arguments}' is {arguments.DisplayName()}");
        BoundValue optString = RequireText(Bind(getopt.Arguments[1]), getopt.Arguments[1], "getopt() optstring");
        byte? selector = null;
        if (getopt.BracketArgument is { } bracket)
        {
            if (bracket.Length != 1 || bracket[0] > 0x7f || bracket[0] is ':' or '-' || char.IsWhiteSpace(bracket[0]))
                throw new ValueBindException(getopt.Start, $"getopt() option selector must be one option character, got '[{bracket}]'");
            selector = (byte)bracket[0];
            if (optString is BoundLiteralValue literal && !GetoptOptions.Parse(literal.Utf8).IsOption(selector.Value))
                Hints.Add((getopt.Start, $"getopt() selects option '{bracket}', which the optstring \"{literal.Text}\" does not declare: the value is always missing"));
        }
        return new BoundGetoptValue(arguments, optString, selector);
    }

    private static BoundValue RequireText(BoundValue value, Operand operand, string what)
    {
        if (value.Shape != ValueShape.Text)
            throw new ValueBindException(operand.Start, $"{what} must be a single string, '{value}' is {value.DisplayName()}");
        return value;
    }

    private static void RejectBracket(TransformerOperand transformer)
    {
        if (transformer.BracketArgument is not null)
            throw new ValueBindException(transformer.Start, $"transformer '{transformer.Name}' does not take an argument");
    }
}
