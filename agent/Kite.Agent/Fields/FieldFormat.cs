using System.Buffers.Text;
using System.Text;
using Kite.Rules.Fields;

namespace Kite.Agent.Fields;

/// <summary>
/// A compiled <c>%field</c> template over <see cref="SyscallFieldCatalog"/> (sysdig's -p, `kite capture -p`),
/// rendered as UTF-8 into a caller's buffer without allocating: literal text, then each field's value, or
/// <c>&lt;NA&gt;</c> when the event has none.
/// </summary>
internal sealed class FieldFormat
{
    private readonly Part[] _parts;

    private FieldFormat(Part[] parts) => _parts = parts;

    /// <summary>The fields referenced, in order (JSON output uses them as keys).</summary>
    public IEnumerable<(string Name, FieldDescriptor Field)> Fields
    {
        get
        {
            foreach (var p in _parts)
            {
                if (p.Field is not null)
                    yield return (p.Token!, p.Field);
            }
        }
    }

    private sealed record Part(byte[] Literal, string? Token, FieldDescriptor? Field, FieldArgument Argument, FieldType Type);

    /// <summary>Parses <paramref name="template"/>; an unknown field or bad argument gives a one-line error.</summary>
    public static FieldFormat Parse(string template, FieldCatalog catalog)
    {
        var parts = new List<Part>();
        var literal = new StringBuilder();
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if (c != '%' || i + 1 >= template.Length || !IsFieldChar(template[i + 1]))
            {
                literal.Append(c);
                continue;
            }
            int start = i + 1;
            int end = start;
            while (end < template.Length && IsFieldChar(template[end]))
                end++;
            string token = template[start..end];
            string? bracketed = null;
            if (end < template.Length && template[end] == '[')
            {
                int close = template.IndexOf(']', end);
                if (close < 0)
                    throw new FormatException($"unterminated '[' after %{token} at column {end + 1}");
                bracketed = template[(end + 1)..close];
                end = close + 1;
            }
            token = token.TrimEnd('.');
            if (!catalog.TryResolveToken(token, out var field, out string? dotted))
                throw new FormatException($"unknown field '{token}' at column {start}");
            string? argText = bracketed ?? dotted;
            var argument = FieldArgument.None;
            var type = field.Type;
            if (argText is not null && !catalog.TryResolveArgument(field, argText, bracketed is not null, out argument, out type, out string? error))
                throw new FormatException($"{error} (at column {start})");
            parts.Add(new Part(Encoding.UTF8.GetBytes(literal.ToString()), template[start..end], field, argument, type));
            literal.Clear();
            i = end - 1;
        }
        if (literal.Length > 0)
            parts.Add(new Part(Encoding.UTF8.GetBytes(literal.ToString()), null, null, FieldArgument.None, FieldType.String));
        return new FieldFormat([.. parts]);
    }

    private static bool IsFieldChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_';

    /// <summary>Renders the template for <paramref name="context"/>; returns the bytes written.</summary>
    public int Render(scoped in EventContext context, Span<byte> destination)
    {
        var b = new Utf8Builder(destination);
        foreach (var part in _parts)
        {
            b.Append(part.Literal);
            if (part.Field is not null)
                b.Advance(RenderValue(context, part.Field, part.Argument, part.Type, b.Remaining, quoteJson: false));
        }
        return b.Length;
    }

    /// <summary>Renders the fields of the template as one JSON object line.</summary>
    public int RenderJson(scoped in EventContext context, Span<byte> destination)
    {
        var b = new Utf8Builder(destination);
        b.Append((byte)'{');
        bool first = true;
        foreach (var part in _parts)
        {
            if (part.Field is null)
                continue;
            if (!first)
                b.Append((byte)',');
            first = false;
            b.Append((byte)'"');
            b.Append(Encoding.UTF8.GetBytes(part.Token!)); // rare path: JSON mode only, names are short
            b.Append("\":"u8);
            b.Advance(RenderValue(context, part.Field, part.Argument, part.Type, b.Remaining, quoteJson: true));
        }
        b.Append((byte)'}');
        return b.Length;
    }

    private static int RenderValue(scoped in EventContext context, FieldDescriptor field, in FieldArgument argument, FieldType type, Span<byte> destination, bool quoteJson)
    {
        var b = new Utf8Builder(destination);
        bool ok;
        switch (type)
        {
            case FieldType.String or FieldType.Path or FieldType.Bytes:
            {
                ok = context.TryGetString(field.Id, argument, out var text);
                if (ok)
                {
                    if (quoteJson)
                        AppendJsonString(ref b, text);
                    else
                        b.Append(text);
                }
                break;
            }
            case FieldType.Int64:
            {
                ok = context.TryGetInt64(field.Id, argument, out long v);
                if (ok)
                    b.Append(v);
                break;
            }
            case FieldType.Bool:
            {
                ok = context.TryGetBool(field.Id, argument, out bool v);
                if (ok)
                    b.Append(v ? "true"u8 : "false"u8);
                break;
            }
            case FieldType.IPAddress or FieldType.IPNet:
            {
                ok = context.TryGetAddress(field.Id, argument, out var address);
                if (ok)
                {
                    if (quoteJson)
                        b.Append((byte)'"');
                    // Printing only (kite capture -p): NetAddress has no span formatter yet.
                    b.Append(Encoding.ASCII.GetBytes(address.ToString()));
                    if (quoteJson)
                        b.Append((byte)'"');
                }
                break;
            }
            case FieldType.AbsTime when field.Display is FieldDisplay.TimeOfDay or FieldDisplay.Iso8601 && !quoteJson:
            {
                ok = context.TryGetUInt64(field.Id, argument, out ulong ns);
                if (ok)
                    b.Advance(FormatTime(ns, field.Display == FieldDisplay.Iso8601, b.Remaining));
                break;
            }
            default:
            {
                ok = context.TryGetUInt64(field.Id, argument, out ulong v);
                if (ok)
                    b.AppendUnsigned(v);
                break;
            }
        }
        if (!ok)
            b.Append(quoteJson ? "null"u8 : "<NA>"u8);
        return b.Length;
    }

    /// <summary>HH:MM:SS.nnnnnnnnn (local time) or YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000.</summary>
    internal static int FormatTime(ulong epochNs, bool iso8601, Span<byte> destination)
    {
        var utc = DateTime.UnixEpoch.AddTicks((long)(epochNs / 100));
        var time = iso8601 ? utc : utc.ToLocalTime();
        var b = new Utf8Builder(destination);
        if (iso8601)
        {
            Two(ref b, time.Year / 100);
            Two(ref b, time.Year % 100);
            b.Append((byte)'-');
            Two(ref b, time.Month);
            b.Append((byte)'-');
            Two(ref b, time.Day);
            b.Append((byte)'T');
        }
        Two(ref b, time.Hour);
        b.Append((byte)':');
        Two(ref b, time.Minute);
        b.Append((byte)':');
        Two(ref b, time.Second);
        b.Append((byte)'.');
        Utf8Formatter.TryFormat(epochNs % 1_000_000_000, b.Remaining, out int n, new System.Buffers.StandardFormat('D', 9));
        b.Advance(n);
        if (iso8601)
            b.Append("+0000"u8);
        return b.Length;
    }

    private static void Two(ref Utf8Builder b, int v)
    {
        b.Append((byte)('0' + v / 10 % 10));
        b.Append((byte)('0' + v % 10));
    }

    private static void AppendJsonString(ref Utf8Builder b, scoped ReadOnlySpan<byte> text)
    {
        b.Append((byte)'"');
        foreach (byte c in text)
        {
            switch (c)
            {
                case (byte)'"':
                    b.Append("\\\""u8);
                    break;
                case (byte)'\\':
                    b.Append("\\\\"u8);
                    break;
                case < 0x20:
                    b.Append("\\u00"u8);
                    b.Append((byte)"0123456789abcdef"[c >> 4]);
                    b.Append((byte)"0123456789abcdef"[c & 0xf]);
                    break;
                default:
                    b.Append(c);
                    break;
            }
        }
        b.Append((byte)'"');
    }
}
