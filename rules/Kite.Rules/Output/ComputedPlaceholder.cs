using System.Globalization;
using System.Text;
using Kite.Rules.Binding;
using Kite.Rules.Compilation;
using Kite.Rules.Compilation.Values;
using Kite.Rules.Fields;
using Kite.Rules.Syntax;

namespace Kite.Rules.Output;

/// <summary>
/// An output placeholder that computes its value with transformers: `%concat(...)`, `%join(...)`,
/// `%getopt(proc.args, "o:")[o]`, or nested transformers (`%toupper(basename(fd.name))`). It renders
/// as the text (a list as `(a,b)`, a number in decimal), or `&lt;NA&gt;` when missing; like Falco, it is
/// not listed in `output_fields`.
/// </summary>
internal sealed class ComputedPlaceholder
{
    // The value's evaluator, planned for the first event-source type formatted (one per template in practice).
    private object? _node;

    private ComputedPlaceholder(BoundValue value, IReadOnlyList<(int Offset, string Field)> deprecatedFields)
    {
        Value = value;
        DeprecatedFields = deprecatedFields;
    }

    public BoundValue Value { get; }

    /// <summary>Deprecated fields the placeholder reads, with their offsets in the template.</summary>
    public IReadOnlyList<(int Offset, string Field)> DeprecatedFields { get; }

    /// <summary>True when the placeholder at <paramref name="start"/> (after `%` and the width) needs this form rather than a field with a transformer chain.</summary>
    public static bool Applies(string text, int start, FieldCatalog catalog)
    {
        TransformerOperand transformer;
        int open = start;
        while (open < text.Length && (char.IsAsciiLetterOrDigit(text[open]) || text[open] == '_'))
            open++;
        if (open >= text.Length || text[open] != '(' || Array.IndexOf(ConditionParser.TransformerNames, text[start..open]) < 0)
            return false;
        try
        {
            transformer = ConditionParser.ParseOutputTransformer(text, start, out _);
        }
        catch (ConditionSyntaxException)
        {
            // The multi-argument transformers report the syntax error from TryBind; others keep the simple path's diagnostics.
            return text[start..open] is "join" or "concat" or "getopt";
        }
        return ValueBinder.UsesMultiArgumentTransformer(transformer) || transformer.Arguments.Any(a => a is TransformerOperand)
            || (transformer is { Name: "len", Arguments: [FieldOperand field] }
                && ConditionBinder.ResolveField(catalog, field.Token, field.BracketArgument, out string? error, out _) is var resolved
                && error is null && resolved.Multiplicity == FieldMultiplicity.List);
    }

    /// <summary>Parses and binds the placeholder at <paramref name="start"/>; on failure returns null with the offset and a one-line reason.</summary>
    public static ComputedPlaceholder? TryBind(string text, int start, FieldCatalog catalog, out int end, out int errorOffset, out string? error)
    {
        end = start;
        errorOffset = start;
        error = null;
        var deprecated = new List<(int, string)>();
        try
        {
            TransformerOperand transformer = ConditionParser.ParseOutputTransformer(text, start, out end);
            var binder = new ValueBinder(field => ResolveOutputField(field, catalog, deprecated));
            return new ComputedPlaceholder(binder.Bind(transformer), deprecated);
        }
        catch (ConditionSyntaxException e)
        {
            errorOffset = e.Offset;
            error = e.Message.Replace("end of condition", "end of output", StringComparison.Ordinal);
        }
        catch (ValueBindException e)
        {
            errorOffset = e.Offset;
            error = e.Message;
        }
        return null;
    }

    private static BoundField ResolveOutputField(FieldOperand operand, FieldCatalog catalog, List<(int, string)> deprecated)
    {
        BoundField field = ConditionBinder.ResolveField(catalog, operand.Token, operand.BracketArgument, out string? error, out _);
        if (error is not null)
            throw new ValueBindException(operand.Start, error);
        if (field.Descriptor.Has(FieldFlags.FilterOnly))
            throw new ValueBindException(operand.Start, $"field '{field}' can only be used in conditions, not in outputs");
        if (field.Descriptor.Has(FieldFlags.NoRhs))
            throw new ValueBindException(operand.Start, $"field '{field}' does not accept transformers");
        if (field.Descriptor.Has(FieldFlags.Deprecated))
            deprecated.Add((operand.Start, field.Descriptor.Name));
        return field;
    }

    /// <summary>The rendered value, or null when it is missing.</summary>
    public string? Render<TSource>(ref TSource source)
        where TSource : IFieldSource, allows ref struct
    {
        if (_node is not ValueNode<TSource> node)
            _node = node = ValueCompiler.CompileValue<TSource>(Value);
        switch (Value.Shape)
        {
            case ValueShape.Number:
                return node.TryGetNumber(ref source, out Int128 number) ? number.ToString(CultureInfo.InvariantCulture) : null;
            case ValueShape.TextList:
            {
                if (!node.TryGetList(ref source, out TextList list))
                    return null;
                var text = new StringBuilder("(");
                for (int i = 0; i < list.Count; i++)
                    text.Append(i == 0 ? "" : ",").Append(Encoding.UTF8.GetString(list[i]));
                return text.Append(')').ToString();
            }
            default:
                return node.TryGetText(ref source, out ReadOnlySpan<byte> value) ? Encoding.UTF8.GetString(value) : null;
        }
    }
}
