using System.Globalization;
using System.Text;
using Kite.Rules.Binding;
using Kite.Rules.Compilation;
using Kite.Rules.Fields;

namespace Kite.Rules.Output;

/// <summary>
/// A rule's `output`, compiled once: literal text and `%field` / `%field[arg]` / `%transformer(field)`
/// placeholders resolved against the source's catalog (SPEC.md 5.1-5.3). Formatting reads the event
/// through <typeparamref name="TSource"/>-generic calls and allocates only the result (called on match).
/// </summary>
public sealed class OutputTemplate
{
    private readonly Part[] _parts;

    private OutputTemplate(string text, Part[] parts, bool usedContainerInfo, IReadOnlyList<(int Offset, string Field)> deprecatedFields)
    {
        Text = text;
        _parts = parts;
        UsedContainerInfo = usedContainerInfo;
        DeprecatedFields = deprecatedFields;
    }

    /// <summary>The template as written (after trimming and appends).</summary>
    public string Text { get; }

    /// <summary>True when the template used the deprecated `%container.info` (rendered as empty).</summary>
    public bool UsedContainerInfo { get; }

    /// <summary>Deprecated fields the placeholders read (LOAD_DEPRECATED_ITEM), with their offsets in <see cref="Text"/>.</summary>
    internal IReadOnlyList<(int Offset, string Field)> DeprecatedFields { get; }

    /// <summary>Field placeholder names in template order (the keys of `output_fields`).</summary>
    public IEnumerable<string> FieldNames => _parts.Where(p => p.Field is not null && p.Field.Transformers.Count == 0).Select(p => p.Key!).Distinct();

    private sealed record Part(string? Literal, BoundField? Field, string? Key, int Width, Transformation? Transformation, ComputedPlaceholder? Computed = null);

    /// <summary>Compiles <paramref name="text"/>; on failure returns null with the offset and a one-line reason.</summary>
    public static OutputTemplate? TryCompile(string text, FieldCatalog catalog, out int errorOffset, out string? error)
    {
        var parts = new List<Part>();
        var literal = new StringBuilder();
        var deprecated = new List<(int, string)>();
        bool containerInfo = false;
        errorOffset = 0;
        error = null;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c != '%')
            {
                literal.Append(c);
                i++;
                continue;
            }
            int start = i;
            i++;
            int width = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
                width = Math.Min(width * 10 + (text[i++] - '0'), 4096);
            if (i >= text.Length)
            {
                errorOffset = start;
                error = "'%' at the end of the output";
                return null;
            }
            if (string.CompareOrdinal(text, i, "container.info", 0, 14) == 0 && (i + 14 >= text.Length || !IsFieldChar(text[i + 14])))
            {
                containerInfo = true;
                i += 14;
                continue;
            }
            if (ComputedPlaceholder.Applies(text, i, catalog))
            {
                ComputedPlaceholder? computed = ComputedPlaceholder.TryBind(text, i, catalog, out int computedEnd, out errorOffset, out error);
                if (computed is null)
                    return null;
                if (literal.Length > 0)
                {
                    parts.Add(new Part(literal.ToString(), null, null, 0, null));
                    literal.Clear();
                }
                parts.Add(new Part(null, null, computed.Value.Display, width, null, computed));
                deprecated.AddRange(computed.DeprecatedFields);
                i = computedEnd;
                continue;
            }
            if (!TryParsePlaceholder(text, i, catalog, out int end, out BoundField? field, out string? key, out string? reason))
            {
                errorOffset = start;
                error = reason;
                return null;
            }
            if (field!.Descriptor.Has(FieldFlags.FilterOnly))
            {
                errorOffset = start;
                error = $"field '{key}' can only be used in conditions, not in outputs";
                return null;
            }
            if (field.Descriptor.Has(FieldFlags.Deprecated))
                deprecated.Add((i, field.Descriptor.Name));
            if (literal.Length > 0)
            {
                parts.Add(new Part(literal.ToString(), null, null, 0, null));
                literal.Clear();
            }
            parts.Add(new Part(null, field, key, width, field.Transformers.Count > 0 ? new Transformation([.. field.Transformers]) : null));
            i = end;
        }
        if (literal.Length > 0)
            parts.Add(new Part(literal.ToString(), null, null, 0, null));
        return new OutputTemplate(text, [.. parts], containerInfo, deprecated);
    }

    // Longest prefix that parses as a field (or transformer) and resolves in the catalog.
    private static bool TryParsePlaceholder(string text, int i, FieldCatalog catalog, out int end, out BoundField? field, out string? key, out string? error)
    {
        end = i;
        field = null;
        key = null;
        error = $"unknown field in output at '%{Snippet(text, i)}'";
        int identEnd = ScanIdentifier(text, i);
        if (identEnd == i)
            return false;
        string ident = text[i..identEnd];
        if (identEnd < text.Length && text[identEnd] == '(' && Array.IndexOf(Syntax.ConditionParser.TransformerNames, ident) >= 0)
        {
            int close = text.IndexOf(')', identEnd);
            if (close < 0)
                return false;
            string inner = text[(identEnd + 1)..close].Trim();
            if (!TryParsePlaceholder(inner, 0, catalog, out int innerEnd, out BoundField? innerField, out _, out error) || innerEnd != inner.Length)
                return false;
            TransformerKind kind = ident switch
            {
                "tolower" => TransformerKind.ToLower,
                "toupper" => TransformerKind.ToUpper,
                "b64" => TransformerKind.Base64,
                "basename" => TransformerKind.Basename,
                "len" => TransformerKind.Length,
                _ => (TransformerKind)255,
            };
            if ((int)kind == 255 || !innerField!.ResultType.IsText())
            {
                error = $"transformer '{ident}' is not supported in outputs for this field";
                return false;
            }
            field = innerField with { Transformers = [.. innerField.Transformers, kind], Display = $"{ident}({innerField.Display})" };
            key = field.Display;
            end = close + 1;
            return true;
        }

        // Candidate ends at each segment boundary, longest first.
        var ends = new List<int> { identEnd };
        int p = identEnd;
        while (p + 1 < text.Length && text[p] == '.' && char.IsAsciiLetter(text[p + 1]))
        {
            p = ScanIdentifier(text, p + 1);
            ends.Add(p);
        }
        for (int k = ends.Count - 1; k >= 0; k--)
        {
            int tokenEnd = ends[k];
            string token = text[i..tokenEnd];
            string? bracket = null;
            int after = tokenEnd;
            if (after < text.Length && text[after] == '[')
            {
                int close = text.IndexOf(']', after);
                if (close > after + 1)
                {
                    bracket = text[(after + 1)..close];
                    after = close + 1;
                }
            }
            if (!catalog.TryResolveToken(token, out _, out _))
                continue;
            BoundField resolved = ConditionBinder.ResolveField(catalog, token, bracket, out string? resolveError, out _);
            if (resolveError is not null && bracket is not null)
            {
                // `%proc.name[` ... treat the bracket as literal text.
                resolved = ConditionBinder.ResolveField(catalog, token, null, out resolveError, out _);
                after = tokenEnd;
            }
            if (resolveError is not null)
            {
                error = resolveError;
                return false;
            }
            field = resolved;
            key = resolved.Display;
            end = after;
            return true;
        }
        error = $"unknown field '{text[i..ends[^1]]}' in output for source {catalog.SourceName}";
        return false;
    }

    private static string Snippet(string text, int i) => text.Substring(i, Math.Min(20, text.Length - i));

    private static bool IsFieldChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.';

    private static int ScanIdentifier(string text, int i)
    {
        if (i >= text.Length || !char.IsAsciiLetter(text[i]))
            return i;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
            i++;
        return i;
    }

    /// <summary>Renders the output for the current event: text with `&lt;NA&gt;` for missing values, plus typed fields.</summary>
    public RuleOutput Format<TSource>(ref TSource source)
        where TSource : IFieldSource, allows ref struct
    {
        var message = new StringBuilder(Text.Length + 64);
        var fields = new List<OutputField>();
        var texts = new string?[_parts.Length];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < _parts.Length; i++)
        {
            Part part = _parts[i];
            if (part.Literal is not null)
            {
                message.Append(part.Literal);
                continue;
            }
            if (part.Computed is not null)
            {
                texts[i] = Pad(part.Computed.Render(ref source) ?? "<NA>", part.Width);
                message.Append(texts[i]);
                continue;
            }
            (OutputValue value, string text) = Read(ref source, part);
            text = Pad(text, part.Width);
            texts[i] = text;
            message.Append(text);
            if (part.Field!.Transformers.Count == 0 && seen.Add(part.Key!))
                fields.Add(new OutputField(part.Key!, value));
        }
        return new RuleOutput(message.ToString(), fields) { PartTexts = texts, Template = this };
    }

    /// <summary>
    /// Renders <paramref name="rendered"/> (an output of this template) again with some field values
    /// replaced, without the event: used when metadata arrives after the match (a new container's pod and
    /// image). <paramref name="replacement"/> gets each plain placeholder's key (`container.name`) and returns
    /// the new value, or null to keep what was rendered. Placeholders with transformers keep their text.
    /// </summary>
    public RuleOutput Rerender(RuleOutput rendered, Func<string, OutputValue?> replacement)
    {
        if (!ReferenceEquals(rendered.Template, this) || rendered.PartTexts is not { } texts)
            throw new ArgumentException("the output was not rendered by this template", nameof(rendered));
        var message = new StringBuilder(rendered.Message.Length + 64);
        var values = new Dictionary<string, OutputValue>(StringComparer.Ordinal);
        for (int i = 0; i < _parts.Length; i++)
        {
            Part part = _parts[i];
            if (part.Literal is not null)
            {
                message.Append(part.Literal);
                continue;
            }
            string text = texts[i]!;
            if (part.Field is { Transformers.Count: 0 } && replacement(part.Key!) is OutputValue value)
            {
                values[part.Key!] = value;
                text = Pad(value.IsMissing ? "<NA>" : value.ToString(), part.Width);
            }
            message.Append(text);
        }
        var fields = new List<OutputField>(rendered.Fields.Count);
        foreach (OutputField f in rendered.Fields)
            fields.Add(values.TryGetValue(f.Name, out OutputValue v) ? f with { Value = v } : f);
        return new RuleOutput(message.ToString(), fields) { PartTexts = texts, Template = this };
    }

    private static string Pad(string text, int width) =>
        width <= 0 ? text : text.Length >= width ? text[..width] : text.PadRight(width);

    private static (OutputValue Value, string Text) Read<TSource>(ref TSource source, Part part)
        where TSource : IFieldSource, allows ref struct
    {
        BoundField field = part.Field!;
        FieldId id = field.Descriptor.Id;
        FieldArgument argument = field.Argument;
        const string na = "<NA>";
        if (field.Multiplicity != FieldMultiplicity.Single)
        {
            var values = new List<string>();
            long cursor = 0;
            switch (field.ValueType)
            {
                case FieldType.Int64:
                    while (source.TryGetNextInt64(id, in argument, ref cursor, out long l))
                        values.Add(l.ToString(CultureInfo.InvariantCulture));
                    break;
                case FieldType.UInt64 or FieldType.Port or FieldType.AbsTime or FieldType.RelTime:
                    while (source.TryGetNextUInt64(id, in argument, ref cursor, out ulong u))
                        values.Add(u.ToString(CultureInfo.InvariantCulture));
                    break;
                case FieldType.IPAddress or FieldType.IPNet:
                    while (source.TryGetNextAddress(id, in argument, ref cursor, out NetAddress a))
                        values.Add(a.ToString());
                    break;
                default:
                    while (source.TryGetNextString(id, in argument, ref cursor, out ReadOnlySpan<byte> s))
                        values.Add(Encoding.UTF8.GetString(s));
                    break;
            }
            if (values.Count == 0)
                return (OutputValue.Missing, na);
            return field.Multiplicity == FieldMultiplicity.List
                ? (OutputValue.FromList(values), "(" + string.Join(",", values) + ")")
                : (OutputValue.FromString(string.Join(" ", values)), string.Join(" ", values));
        }
        switch (field.ValueType)
        {
            case FieldType.Int64:
                return source.TryGetInt64(id, in argument, out long l)
                    ? (OutputValue.FromInt64(l), l.ToString(CultureInfo.InvariantCulture)) : (OutputValue.Missing, na);
            case FieldType.UInt64 or FieldType.Port or FieldType.AbsTime or FieldType.RelTime:
                if (!source.TryGetUInt64(id, in argument, out ulong u))
                    return (OutputValue.Missing, na);
                return (OutputValue.FromUInt64(u), RenderUnsigned(u, field.Descriptor.Display));
            case FieldType.Bool:
                return source.TryGetBool(id, in argument, out bool b) ? (OutputValue.FromBool(b), b ? "true" : "false") : (OutputValue.Missing, na);
            case FieldType.Double:
                return source.TryGetDouble(id, in argument, out double d)
                    ? (OutputValue.FromDouble(d), d.ToString("R", CultureInfo.InvariantCulture)) : (OutputValue.Missing, na);
            case FieldType.IPAddress or FieldType.IPNet:
                if (!source.TryGetAddress(id, in argument, out NetAddress address))
                    return (OutputValue.Missing, na);
                string text = address.ToString();
                return (OutputValue.FromString(text), text);
            default:
                if (!source.TryGetString(id, in argument, out ReadOnlySpan<byte> s))
                    return (OutputValue.Missing, na);
                if (part.Transformation is not null)
                {
                    if (!part.Transformation.TryApply(s, out s))
                        return (OutputValue.Missing, na);
                    if (field.ResultType == FieldType.UInt64)
                        return (OutputValue.FromUInt64((ulong)s.Length), s.Length.ToString(CultureInfo.InvariantCulture));
                }
                string str = Encoding.UTF8.GetString(s);
                return (OutputValue.FromString(str), str);
        }
    }

    private static string RenderUnsigned(ulong value, FieldDisplay display)
    {
        switch (display)
        {
            case FieldDisplay.TimeOfDay:
            {
                DateTime t = DateTime.UnixEpoch.AddTicks((long)(value / 100)).ToLocalTime();
                return t.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + "." + (value % 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture);
            }
            case FieldDisplay.Iso8601:
            {
                DateTime t = DateTime.UnixEpoch.AddTicks((long)(value / 100));
                return t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + "." + (value % 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture) + "+0000";
            }
            case FieldDisplay.Octal:
                return "0" + Convert.ToString((long)value, 8);
            case FieldDisplay.Hex:
                return "0x" + value.ToString("x", CultureInfo.InvariantCulture);
            default:
                return value.ToString(CultureInfo.InvariantCulture);
        }
    }

    public override string ToString() => Text;
}
