using System.Globalization;
using System.Text;

namespace Kite.Rules.Fields.Synthetic;

/// <summary>One typed value (or list of values) of a <see cref="SyntheticEvent"/>.</summary>
internal sealed class SyntheticValue
{
    private SyntheticValue() { }

    public byte[] Utf8 { get; private init; } = [];
    public long Int64 { get; private init; }
    public ulong UInt64 { get; private init; }
    public bool Bool { get; private init; }
    public double Double { get; private init; }
    public NetAddress Address { get; private init; }
    public bool HasInt64 { get; private init; }
    public bool HasUInt64 { get; private init; }
    public bool HasBool { get; private init; }
    public bool HasDouble { get; private init; }
    public bool HasAddress { get; private init; }
    public SyntheticValue[]? Items { get; private init; }
    private string Text { get; init; } = "";

    public static SyntheticValue List(SyntheticValue[] items) => new() { Items = items, Text = "(" + string.Join(",", items.Select(i => i.Text)) + ")" };

    public static SyntheticValue Parse(FieldType type, string text)
    {
        var value = new SyntheticValue { Utf8 = Encoding.UTF8.GetBytes(text), Text = text };
        switch (type)
        {
            case FieldType.Int64:
                return new SyntheticValue { Utf8 = value.Utf8, Text = text, Int64 = long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), HasInt64 = true };
            case FieldType.UInt64 or FieldType.Port or FieldType.AbsTime or FieldType.RelTime:
                return new SyntheticValue { Utf8 = value.Utf8, Text = text, UInt64 = ulong.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture), HasUInt64 = true };
            case FieldType.Bool:
                return new SyntheticValue { Utf8 = value.Utf8, Text = text, Bool = bool.Parse(text), HasBool = true };
            case FieldType.Double:
                return new SyntheticValue { Utf8 = value.Utf8, Text = text, Double = double.Parse(text, CultureInfo.InvariantCulture), HasDouble = true };
            case FieldType.IPAddress or FieldType.IPNet:
                if (!NetAddress.TryParse(text, out NetAddress address))
                    throw new FormatException($"'{text}' is not an IP address");
                return new SyntheticValue { Utf8 = value.Utf8, Text = text, Address = address, HasAddress = true };
            default:
                return value;
        }
    }

    public override string ToString() => Text;
}
