using System.Globalization;
using System.Text;
using Kite.Rules.Fields;
using Kite.Rules.Syntax;

namespace Kite.Rules.Binding;

/// <summary>
/// Turns a parsed condition into a <see cref="BoundExpr"/>: inlines macros (with Falco's visibility
/// rule and loop detection), resolves fields against the source's <see cref="FieldCatalog"/>, checks
/// operators against field types, converts literals to the field type, validates `evt.type` values,
/// and folds constants.
/// </summary>
internal sealed partial class ConditionBinder
{
    /// <summary>A macro as the binder sees it: parsed condition plus its ordering for visibility.</summary>
    public sealed record Macro(string Name, int Index, int Visibility, ParsedCondition? Parsed);

    private readonly FieldCatalog _catalog;
    private readonly IReadOnlyDictionary<string, Macro> _macros;
    private readonly List<string> _expanding = [];
    private readonly Dictionary<string, BoundExpr> _cache = new(StringComparer.Ordinal);

    public ConditionBinder(FieldCatalog catalog, IReadOnlyDictionary<string, Macro> macros)
    {
        _catalog = catalog;
        _macros = macros;
    }

    /// <summary>Binds a rule condition (rules see every macro).</summary>
    public BoundExpr BindRule(ParsedCondition condition)
    {
        _expanding.Clear();
        return Simplify(Bind(condition.Expression, condition, int.MaxValue));
    }

    private BoundExpr Bind(Expr expr, ParsedCondition context, int visibility)
    {
        switch (expr)
        {
            case AndExpr and:
                return new BoundAnd(and.Operands.Select(o => Bind(o, context, visibility)).ToArray());
            case OrExpr or:
                return new BoundOr(or.Operands.Select(o => Bind(o, context, visibility)).ToArray());
            case NotExpr not:
                return new BoundNot(Bind(not.Operand, context, visibility));
            case MacroRefExpr reference:
                return BindMacro(reference, context, visibility);
            case CheckExpr check:
                return BindCheck(check, context);
            default:
                throw new ConditionBindException(context, expr.Start, "unsupported expression");
        }
    }

    private BoundExpr BindMacro(MacroRefExpr reference, ParsedCondition context, int visibility)
    {
        if (!_macros.TryGetValue(reference.Name, out Macro? macro) || macro.Index >= visibility)
            throw new ConditionBindException(context, reference.Start, $"Undefined macro '{reference.Name}' used in filter.");
        if (_expanding.Contains(reference.Name))
            throw new ConditionBindException(context, reference.Start, $"reference loop in macro '{reference.Name}'");
        if (macro.Parsed is null)
            throw new ConditionBindException(context, reference.Start, $"macro '{reference.Name}' has an invalid condition");
        if (_cache.TryGetValue(reference.Name, out BoundExpr? cached))
            return cached;
        _expanding.Add(reference.Name);
        BoundExpr bound = Simplify(Bind(macro.Parsed.Expression, macro.Parsed, macro.Visibility));
        _expanding.RemoveAt(_expanding.Count - 1);
        _cache[reference.Name] = bound;
        return bound;
    }

    private BoundExpr BindCheck(CheckExpr check, ParsedCondition context)
    {
        if (RequiresValueTree(check))
            return BindValueCheck(check, context);
        if (!CheckOperators.TryParse(check.Operator, out CheckOperator op))
            throw new ConditionBindException(context, check.OperatorStart, $"unknown operator '{check.Operator}'");
        BoundField left = BindOperand(check.Left, context, lhs: true);
        ListModifier modifier = check.Modifier switch
        {
            "oneof" => ListModifier.OneOf,
            "anyof" => ListModifier.AnyOf,
            "allof" => ListModifier.AllOf,
            _ => ListModifier.None,
        };
        CheckOperatorSupport(left, op, modifier, context, check.OperatorStart);
        string opText = op.Text() + (modifier == ListModifier.None ? "" : " " + check.Modifier);
        if (op == CheckOperator.Exists)
            return new BoundCheck(left, op, modifier, [], null, $"{left} exists");

        if (check.Right is TransformerOperand rightTransformer)
        {
            if (op is CheckOperator.PMatch or CheckOperator.Regex || left.ValueType == FieldType.IPNet)
                throw new ConditionBindException(context, rightTransformer.Start, $"operator '{op.Text()}' cannot compare with another field");
            BoundField right = BindOperand(rightTransformer, context, lhs: false);
            bool compatible = left.ResultType.IsText() && right.ResultType.IsText()
                || left.ResultType.IsInteger() && right.ResultType.IsInteger()
                || left.ResultType == right.ResultType;
            if (!compatible)
                throw new ConditionBindException(context, rightTransformer.Start, $"cannot compare field '{left}' of type {left.ResultType.DisplayName()} with '{right}' of type {right.ResultType.DisplayName()}");
            return new BoundCheck(left, op, modifier, [], right, $"{left} {opText} {right}");
        }

        IReadOnlyList<ValueOperand> literals = check.Right switch
        {
            ListOperand list => list.Items,
            ValueOperand value => [value],
            _ => throw new ConditionBindException(context, check.OperatorStart, $"missing value after '{check.Operator}'"),
        };
        var values = new List<object>(literals.Count);
        foreach (ValueOperand literal in literals)
            values.Add(ConvertValue(left, op, literal, context));
        CheckLiteralHints(IsUnsafeNaField(left.Descriptor) ? left.Display : null, op, literals, context);
        string rhs = check.Right is ListOperand ? "(" + string.Join(", ", literals) + ")" : literals[0].ToString();
        if (op.TakesList() || modifier != ListModifier.None)
            rhs = check.Right is ListOperand ? rhs : "(" + rhs + ")";
        return new BoundCheck(left, op, modifier, values, null, $"{left} {opText} {rhs}");
    }

    private void CheckOperatorSupport(BoundField left, CheckOperator op, ListModifier modifier, ParsedCondition context, int at)
    {
        FieldType type = left.ResultType;
        bool ok;
        if (left.Multiplicity == FieldMultiplicity.List)
            ok = op is CheckOperator.In or CheckOperator.Intersects or CheckOperator.Exists;
        else if (type.IsText())
            ok = type == FieldType.Bytes
                ? op is CheckOperator.Equal or CheckOperator.NotEqual or CheckOperator.Contains or CheckOperator.BContains or CheckOperator.StartsWith
                    or CheckOperator.BStartsWith or CheckOperator.EndsWith or CheckOperator.In or CheckOperator.Intersects or CheckOperator.Exists
                : op is not (CheckOperator.BContains or CheckOperator.BStartsWith);
        else if (type == FieldType.Bool || type.IsNetwork())
            ok = op is CheckOperator.Equal or CheckOperator.NotEqual or CheckOperator.In or CheckOperator.Intersects or CheckOperator.Exists;
        else
            ok = op is CheckOperator.Equal or CheckOperator.NotEqual or CheckOperator.Less or CheckOperator.LessOrEqual or CheckOperator.Greater
                or CheckOperator.GreaterOrEqual or CheckOperator.In or CheckOperator.Intersects or CheckOperator.Exists;
        if (modifier != ListModifier.None && (op.TakesList() || op == CheckOperator.Exists || op.IsOrdering() || !type.IsText()))
            ok = false;
        if (!ok)
            throw new ConditionBindException(context, at, $"operator '{op.Text()}{(modifier == ListModifier.None ? "" : " " + modifier.ToString().ToLowerInvariant())}' not supported for field '{left}' of type {type.DisplayName()}{(left.Multiplicity == FieldMultiplicity.List ? " (list)" : "")}");
    }

    private object ConvertValue(BoundField left, CheckOperator op, ValueOperand literal, ParsedCondition context)
    {
        string text = literal.Value;
        FieldType type = left.ResultType;
        if (left.Descriptor.Has(FieldFlags.EventType) && left.Transformers.Count == 0 && _catalog.EventTypes.Count > 0
            && op is CheckOperator.Equal or CheckOperator.NotEqual or CheckOperator.In or CheckOperator.Intersects
            && !_catalog.EventTypes.ContainsKey(text))
            throw new ConditionBindException(context, literal.Start, $"unknown event type {text}", unknownFilter: true);
        if (op is CheckOperator.BContains or CheckOperator.BStartsWith)
        {
            try
            {
                if (text.Length % 2 != 0)
                    throw new FormatException();
                return Convert.FromHexString(text);
            }
            catch (FormatException)
            {
                throw new ConditionBindException(context, literal.Start, $"'{text}' is not a valid hex string for operator '{op.Text()}'");
            }
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
        switch (type)
        {
            case FieldType.String or FieldType.Path or FieldType.Bytes:
                return Encoding.UTF8.GetBytes(text);
            case FieldType.Bool:
                if (text is "true" or "false")
                    return text == "true";
                throw new ConditionBindException(context, literal.Start, $"'{text}' is not a valid bool for field '{left}' (expected true or false)");
            case FieldType.Int64:
                if (TryParseInteger(text, out long l, out _, signed: true))
                    return l;
                throw new ConditionBindException(context, literal.Start, $"'{text}' is not a valid number for field '{left}' of type int64");
            case FieldType.Double:
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
                    return d;
                throw new ConditionBindException(context, literal.Start, $"'{text}' is not a valid number for field '{left}' of type double");
            case FieldType.IPAddress:
                if (NetAddress.TryParse(text, out NetAddress address))
                    return address;
                throw new ConditionBindException(context, literal.Start, $"'{text}' is not a valid IP address for field '{left}'");
            case FieldType.IPNet:
                if (NetPrefix.TryParse(text, out NetPrefix prefix))
                    return prefix;
                throw new ConditionBindException(context, literal.Start, $"'{text}' is not a valid network (CIDR) for field '{left}'");
            default:
                if (TryParseInteger(text, out _, out ulong u, signed: false) && (type != FieldType.Port || u <= ushort.MaxValue))
                    return u;
                throw new ConditionBindException(context, literal.Start, $"'{text}' is not a valid number for field '{left}' of type {type.DisplayName()}");
        }
    }

    internal static bool TryParseInteger(string text, out long signedValue, out ulong unsignedValue, bool signed)
    {
        signedValue = 0;
        unsignedValue = 0;
        if (text.Length > 2 && text[0] == '0' && text[1] is 'x' or 'X')
        {
            if (!ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out unsignedValue))
                return false;
            signedValue = unchecked((long)unsignedValue);
            return !signed || unsignedValue <= long.MaxValue;
        }
        if (signed)
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out signedValue);
        return ulong.TryParse(text.StartsWith('+') ? text[1..] : text, NumberStyles.None, CultureInfo.InvariantCulture, out unsignedValue);
    }

    private BoundField BindOperand(Operand operand, ParsedCondition context, bool lhs)
    {
        switch (operand)
        {
            case FieldOperand field:
                return BindField(field, context, lhs, inTransformer: false);
            case TransformerOperand { Name: "val" } val:
                if (lhs)
                    throw new ConditionBindException(context, val.Start, "val() can only be used on the right-hand side of a comparison");
                if (val.Arguments is not [FieldOperand inner])
                    throw new ConditionBindException(context, val.Start, "val() takes exactly one field argument");
                return BindField(inner, context, lhs: false, inTransformer: true);
            case TransformerOperand transformer:
                TransformerKind kind = transformer.Name switch
                {
                    "tolower" => TransformerKind.ToLower,
                    "toupper" => TransformerKind.ToUpper,
                    "b64" => TransformerKind.Base64,
                    "basename" => TransformerKind.Basename,
                    "len" => TransformerKind.Length,
                    _ => throw new ConditionBindException(context, transformer.Start, $"transformer '{transformer.Name}' is not supported"),
                };
                if (transformer.Arguments.Count != 1 || transformer.Arguments[0] is ValueOperand)
                    throw new ConditionBindException(context, transformer.Start, $"transformer '{transformer.Name}' takes exactly one field argument");
                if (transformer.BracketArgument is not null)
                    throw new ConditionBindException(context, transformer.Start, $"transformer '{transformer.Name}' does not take an argument");
                BoundField inner2 = transformer.Arguments[0] is FieldOperand f
                    ? BindField(f, context, lhs, inTransformer: true)
                    : BindOperand(transformer.Arguments[0], context, lhs);
                if (inner2.Multiplicity != FieldMultiplicity.Single)
                    throw new ConditionBindException(context, transformer.Start, $"transformer '{transformer.Name}' cannot be applied to multi-valued field '{inner2}'");
                if (kind != TransformerKind.Length && !inner2.ResultType.IsText())
                    throw new ConditionBindException(context, transformer.Start, $"transformer '{transformer.Name}' needs a string field, '{inner2}' is {inner2.ResultType.DisplayName()}");
                if (kind == TransformerKind.Length && !inner2.ResultType.IsText())
                    throw new ConditionBindException(context, transformer.Start, $"transformer 'len' needs a string or bytes field, '{inner2}' is {inner2.ResultType.DisplayName()}");
                return inner2 with { Transformers = [.. inner2.Transformers, kind], Display = $"{transformer.Name}({inner2.Display})" };
            default:
                throw new ConditionBindException(context, operand.Start, "expected a field");
        }
    }

    private BoundField BindField(FieldOperand operand, ParsedCondition context, bool lhs, bool inTransformer)
    {
        BoundField field = ResolveField(_catalog, operand.Token, operand.BracketArgument, out string? error, out bool unknown);
        if (error is not null)
            throw new ConditionBindException(context, operand.Start, error, unknown);
        if (field.Descriptor.Has(FieldFlags.Deprecated))
            Warn(context, operand.Start, Loading.RuleDiagnosticCode.LOAD_DEPRECATED_ITEM, $"field '{field.Descriptor.Name}' is deprecated");
        if (!lhs && field.Descriptor.Has(FieldFlags.NoRhs))
            throw new ConditionBindException(context, operand.Start, $"field '{field}' cannot be used on the right-hand side of a comparison");
        if (inTransformer && field.Descriptor.Has(FieldFlags.NoRhs))
            throw new ConditionBindException(context, operand.Start, $"field '{field}' does not accept transformers");
        return field;
    }

    /// <summary>Resolves `token[bracket]` against a catalog (shared with the output formatter).</summary>
    internal static BoundField ResolveField(FieldCatalog catalog, string token, string? bracket, out string? error, out bool unknown)
    {
        error = null;
        unknown = false;
        if (!catalog.TryResolveToken(token, out FieldDescriptor descriptor, out string? dotted))
        {
            unknown = true;
            error = $"unknown field '{token}' for source {catalog.SourceName}{Suggest(catalog, token)}";
            return null!;
        }
        string display = bracket is null ? token : $"{token}[{bracket}]";
        if (dotted is not null && bracket is not null)
        {
            error = $"field '{display}' has both a dotted and a bracket argument";
            return null!;
        }
        string? argumentText = dotted ?? bracket;
        FieldArgument argument = FieldArgument.None;
        FieldType type = descriptor.Type;
        if (argumentText is null)
        {
            if (descriptor.RequiresArgument)
            {
                error = $"field '{descriptor.Name}' requires an argument";
                return null!;
            }
        }
        else if (!descriptor.TakesArgument)
        {
            error = $"field '{descriptor.Name}' does not take an argument";
            return null!;
        }
        else if (!catalog.TryResolveArgument(descriptor, argumentText, bracket is not null, out argument, out type, out string? argumentError))
        {
            unknown = true;
            error = argumentError ?? $"invalid argument '{argumentText}' for field '{descriptor.Name}'";
            return null!;
        }
        FieldMultiplicity multiplicity = FieldMultiplicity.Single;
        if (argument.IsNone || argument.Kind == FieldArgumentKind.Key)
        {
            if (descriptor.Has(FieldFlags.List) && argument.IsNone)
                multiplicity = FieldMultiplicity.List;
            else if (descriptor.Has(FieldFlags.AnyValue) && argument.IsNone)
                multiplicity = FieldMultiplicity.Any;
        }
        return new BoundField(descriptor, argument, type, multiplicity, [], display);
    }

    private static string Suggest(FieldCatalog catalog, string token)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (FieldDescriptor f in catalog.Fields)
        {
            int d = Distance(token, f.Name);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = f.Name;
            }
        }
        return best is not null && bestDistance <= Math.Max(2, token.Length / 4) ? $" (did you mean '{best}'?)" : "";
    }

    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 3)
            return int.MaxValue;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>Constant folding: `x in ()` is false, `not true` is false, and/or with constants shrink.</summary>
    internal static BoundExpr Simplify(BoundExpr expr)
    {
        switch (expr)
        {
            case BoundCheck { Operator: CheckOperator.In or CheckOperator.Intersects or CheckOperator.PMatch, Values.Count: 0, RightField: null }:
                return BoundConstant.False;
            case BoundNot not:
                BoundExpr inner = Simplify(not.Operand);
                return inner switch
                {
                    BoundConstant c => c.Value ? BoundConstant.False : BoundConstant.True,
                    BoundNot n => n.Operand,
                    _ => new BoundNot(inner),
                };
            case BoundAnd and:
            {
                var operands = new List<BoundExpr>();
                foreach (BoundExpr o in and.Operands.Select(Simplify))
                {
                    if (o is BoundConstant c)
                    {
                        if (!c.Value)
                            return BoundConstant.False;
                        continue;
                    }
                    if (o is BoundAnd nested)
                        operands.AddRange(nested.Operands);
                    else
                        operands.Add(o);
                }
                return operands.Count switch { 0 => BoundConstant.True, 1 => operands[0], _ => new BoundAnd(operands) };
            }
            case BoundOr or:
            {
                var operands = new List<BoundExpr>();
                foreach (BoundExpr o in or.Operands.Select(Simplify))
                {
                    if (o is BoundConstant c)
                    {
                        if (c.Value)
                            return BoundConstant.True;
                        continue;
                    }
                    if (o is BoundOr nested)
                        operands.AddRange(nested.Operands);
                    else
                        operands.Add(o);
                }
                return operands.Count switch { 0 => BoundConstant.False, 1 => operands[0], _ => new BoundOr(operands) };
            }
            default:
                return expr;
        }
    }
}
