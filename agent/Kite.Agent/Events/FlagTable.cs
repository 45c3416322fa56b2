using System.Buffers.Text;
using System.Text;

namespace Kite.Agent.Events;

/// <summary>
/// Renders a raw kernel flag word or enum value with Falco's names (driver/flags_table.c
/// spellings and order), as <c>evt.arg.*</c> shows them: bitmasks as <c>O_WRONLY|O_CREAT</c>,
/// enumerations as the one name.
/// </summary>
/// <remarks>
/// Bitmask tables are walked in table order; a matching entry is printed and its mask
/// bits are cleared, so a multi-bit entry listed first (O_RDWR, O_SYNC) hides the
/// single bits it covers, as in Falco. Bits no entry names are not printed. A value
/// that matches nothing renders as its decimal number (so an operator still sees it);
/// an enum value the table does not know renders as <see cref="UnknownName"/> when the
/// table has one (PTRACE_UNKNOWN), otherwise as its decimal number.
/// </remarks>
internal sealed class FlagTable
{
    private readonly byte[][] _utf8Names;

    public FlagTable(string name, bool isEnum, FlagEntry[] entries, string? unknownName = null, string separator = "|")
    {
        Name = name;
        IsEnum = isEnum;
        Entries = entries;
        UnknownName = unknownName;
        Separator = separator;
        _utf8Names = Array.ConvertAll(entries, e => Encoding.UTF8.GetBytes(e.Name));
        UnknownNameUtf8 = unknownName is null ? null : Encoding.UTF8.GetBytes(unknownName);
        SeparatorUtf8 = Encoding.UTF8.GetBytes(separator);
    }

    /// <summary>The table's name (Falco's array name, for diagnostics).</summary>
    public string Name { get; }

    /// <summary>True when a value is one entry (exact match), false for a bitmask.</summary>
    public bool IsEnum { get; }

    public FlagEntry[] Entries { get; }

    public string? UnknownName { get; }

    public string Separator { get; }

    private byte[]? UnknownNameUtf8 { get; }

    private byte[] SeparatorUtf8 { get; }

    /// <summary>Renders <paramref name="value"/> as text (allocates: for alerts and tests, not the hot path).</summary>
    public string Format(ulong value)
    {
        Span<byte> buffer = stackalloc byte[1024];
        if (TryFormat(value, buffer, out int written))
            return Encoding.UTF8.GetString(buffer[..written]);
        return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Writes the UTF-8 rendering of <paramref name="value"/> without allocating.</summary>
    /// <returns>False when <paramref name="destination"/> is too small.</returns>
    public bool TryFormat(ulong value, Span<byte> destination, out int written)
    {
        written = 0;
        if (IsEnum)
        {
            for (int i = 0; i < Entries.Length; i++)
            {
                if (Entries[i].Value == value)
                    return TryAppend(_utf8Names[i], destination, ref written);
            }
            return UnknownNameUtf8 is not null
                ? TryAppend(UnknownNameUtf8, destination, ref written)
                : Utf8Formatter.TryFormat(value, destination, out written);
        }

        ulong remaining = value;
        bool any = false;
        for (int i = 0; i < Entries.Length; i++)
        {
            FlagEntry e = Entries[i];
            bool matches = e.Mask == 0 ? value == 0 : (remaining & e.Mask) == e.Value && (e.Value != 0 || (value & e.Mask) == 0);
            if (!matches)
                continue;
            if (any && !TryAppend(SeparatorUtf8, destination, ref written))
                return false;
            if (!TryAppend(_utf8Names[i], destination, ref written))
                return false;
            any = true;
            remaining &= ~e.Mask;
        }
        return any || Utf8Formatter.TryFormat(value, destination, out written);
    }

    private static bool TryAppend(byte[] text, Span<byte> destination, ref int written)
    {
        if (text.Length > destination.Length - written)
            return false;
        text.CopyTo(destination[written..]);
        written += text.Length;
        return true;
    }
}
