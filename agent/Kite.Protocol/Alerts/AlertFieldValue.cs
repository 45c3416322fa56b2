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

    /// <summary>A list field (e.g. `ka.req.pod.containers.image`): a JSON array of strings, `(a,b)` in text.</summary>
    StringList,
}

/// <summary>
/// A typed value of one output field. Consumers depend on JSON types: numbers stay
/// numbers (evt.time is an integer of ns), missing values are null.
/// </summary>
public readonly struct AlertFieldValue : IEquatable<AlertFieldValue>
{
    private readonly object? _ref;
    private readonly long _bits;

    private AlertFieldValue(AlertFieldKind kind, object? reference, long bits)
    {
        Kind = kind;
        _ref = reference;
        _bits = bits;
    }

    public AlertFieldKind Kind { get; }

    public static AlertFieldValue Null => default;

    public static AlertFieldValue FromString(string value) => new(AlertFieldKind.String, value, 0);

    public static AlertFieldValue FromInt64(long value) => new(AlertFieldKind.Int64, null, value);

    public static AlertFieldValue FromUInt64(ulong value) => new(AlertFieldKind.UInt64, null, unchecked((long)value));

    public static AlertFieldValue FromDouble(double value) => new(AlertFieldKind.Double, null, BitConverter.DoubleToInt64Bits(value));

    public static AlertFieldValue FromBool(bool value) => new(AlertFieldKind.Bool, null, value ? 1 : 0);

    public static AlertFieldValue FromList(IReadOnlyList<string> values) => new(AlertFieldKind.StringList, values, 0);

    public bool IsNull => Kind == AlertFieldKind.Null;

    public string AsString => _ref as string ?? string.Empty;

    public IReadOnlyList<string> AsList => _ref as IReadOnlyList<string> ?? [];

    public long AsInt64 => _bits;

    public ulong AsUInt64 => unchecked((ulong)_bits);

    public double AsDouble => BitConverter.Int64BitsToDouble(_bits);

    public bool AsBool => _bits != 0;

    /// <summary>The value as Falco's text output shows it.</summary>
    public override string ToString() => Kind switch
    {
        AlertFieldKind.Null => "<NA>",
        AlertFieldKind.String => AsString,
        AlertFieldKind.StringList => "(" + string.Join(",", AsList) + ")",
        AlertFieldKind.Int64 => _bits.ToString(CultureInfo.InvariantCulture),
        AlertFieldKind.UInt64 => AsUInt64.ToString(CultureInfo.InvariantCulture),
        AlertFieldKind.Double => AsDouble.ToString("R", CultureInfo.InvariantCulture),
        AlertFieldKind.Bool => _bits != 0 ? "true" : "false",
        _ => "<NA>",
    };

    public bool Equals(AlertFieldValue other) =>
        Kind == other.Kind && _bits == other._bits &&
        (Kind == AlertFieldKind.StringList ? AsList.SequenceEqual(other.AsList) : Equals(_ref, other._ref));

    public override bool Equals(object? obj) => obj is AlertFieldValue v && Equals(v);

    public override int GetHashCode() => HashCode.Combine(Kind, _bits, Kind == AlertFieldKind.StringList ? AsList.Count : _ref?.GetHashCode() ?? 0);

    public static bool operator ==(AlertFieldValue left, AlertFieldValue right) => left.Equals(right);

    public static bool operator !=(AlertFieldValue left, AlertFieldValue right) => !left.Equals(right);
}

/// <summary>One entry of `output_fields`: the field name as written in the rule (e.g. `proc.aname[2]`) and its value.</summary>
public readonly record struct AlertField(string Name, AlertFieldValue Value);
