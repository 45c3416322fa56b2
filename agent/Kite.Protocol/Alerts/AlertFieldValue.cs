using System.Globalization;

namespace Kite.Protocol.Alerts;

public enum AlertFieldKind : byte
{
    /// <summary>The field had no value for this event (`null` in JSON, `&lt;NA&gt;` in text).</summary>
    Null,
    String,
    Int64,
    UInt64,
    Double,
    Bool,
}

/// <summary>
/// A typed value of one output field. Consumers depend on JSON types: numbers stay
/// numbers (evt.time is an integer of ns), missing values are null.
/// </summary>
public readonly struct AlertFieldValue : IEquatable<AlertFieldValue>
{
    private readonly string? _string;
    private readonly long _bits;

    private AlertFieldValue(AlertFieldKind kind, string? text, long bits)
    {
        Kind = kind;
        _string = text;
        _bits = bits;
    }

    public AlertFieldKind Kind { get; }

    public static AlertFieldValue Null => default;

    public static AlertFieldValue FromString(string value) => new(AlertFieldKind.String, value, 0);

    public static AlertFieldValue FromInt64(long value) => new(AlertFieldKind.Int64, null, value);

    public static AlertFieldValue FromUInt64(ulong value) => new(AlertFieldKind.UInt64, null, unchecked((long)value));

    public static AlertFieldValue FromDouble(double value) => new(AlertFieldKind.Double, null, BitConverter.DoubleToInt64Bits(value));

    public static AlertFieldValue FromBool(bool value) => new(AlertFieldKind.Bool, null, value ? 1 : 0);

    public bool IsNull => Kind == AlertFieldKind.Null;

    public string AsString => _string ?? string.Empty;

    public long AsInt64 => _bits;

    public ulong AsUInt64 => unchecked((ulong)_bits);

    public double AsDouble => BitConverter.Int64BitsToDouble(_bits);

    public bool AsBool => _bits != 0;

    /// <summary>The value as Falco's text output shows it.</summary>
    public override string ToString() => Kind switch
    {
        AlertFieldKind.Null => "<NA>",
        AlertFieldKind.String => _string ?? string.Empty,
        AlertFieldKind.Int64 => _bits.ToString(CultureInfo.InvariantCulture),
        AlertFieldKind.UInt64 => AsUInt64.ToString(CultureInfo.InvariantCulture),
        AlertFieldKind.Double => AsDouble.ToString("R", CultureInfo.InvariantCulture),
        AlertFieldKind.Bool => _bits != 0 ? "true" : "false",
        _ => "<NA>",
    };

    public bool Equals(AlertFieldValue other) => Kind == other.Kind && _bits == other._bits && string.Equals(_string, other._string, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is AlertFieldValue v && Equals(v);

    public override int GetHashCode() => HashCode.Combine(Kind, _bits, _string);

    public static bool operator ==(AlertFieldValue left, AlertFieldValue right) => left.Equals(right);

    public static bool operator !=(AlertFieldValue left, AlertFieldValue right) => !left.Equals(right);
}

/// <summary>One entry of `output_fields`: the field name as written in the rule (e.g. `proc.aname[2]`) and its value.</summary>
public readonly record struct AlertField(string Name, AlertFieldValue Value);
