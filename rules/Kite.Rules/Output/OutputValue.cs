using System.Globalization;

namespace Kite.Rules.Output;

public enum OutputValueKind : byte
{
    /// <summary>The field had no value for this event: `&lt;NA&gt;` in text, JSON null.</summary>
    Missing,
    String,
    Int64,
    UInt64,
    Double,
    Bool,

    /// <summary>A list field: JSON array of strings, `(a,b)` in text.</summary>
    List,
}

/// <summary>A typed value of one output field, as the JSON alert's `output_fields` carries it.</summary>
public readonly struct OutputValue
{
    private readonly object? _ref;
    private readonly long _bits;

    private OutputValue(OutputValueKind kind, object? reference, long bits)
    {
        Kind = kind;
        _ref = reference;
        _bits = bits;
    }

    public OutputValueKind Kind { get; }

    public static OutputValue Missing => default;

    public static OutputValue FromString(string value) => new(OutputValueKind.String, value, 0);

    public static OutputValue FromInt64(long value) => new(OutputValueKind.Int64, null, value);

    public static OutputValue FromUInt64(ulong value) => new(OutputValueKind.UInt64, null, unchecked((long)value));

    public static OutputValue FromDouble(double value) => new(OutputValueKind.Double, null, BitConverter.DoubleToInt64Bits(value));

    public static OutputValue FromBool(bool value) => new(OutputValueKind.Bool, null, value ? 1 : 0);

    public static OutputValue FromList(IReadOnlyList<string> values) => new(OutputValueKind.List, values, 0);

    public bool IsMissing => Kind == OutputValueKind.Missing;

    public string AsString => _ref as string ?? "";

    public long AsInt64 => _bits;

    public ulong AsUInt64 => unchecked((ulong)_bits);

    public double AsDouble => BitConverter.Int64BitsToDouble(_bits);

    public bool AsBool => _bits != 0;

    public IReadOnlyList<string> AsList => _ref as IReadOnlyList<string> ?? [];

    /// <summary>The value as plain text (not the template rendering, which may format times or ancestors differently).</summary>
    public override string ToString() => Kind switch
    {
        OutputValueKind.String => AsString,
        OutputValueKind.Int64 => _bits.ToString(CultureInfo.InvariantCulture),
        OutputValueKind.UInt64 => AsUInt64.ToString(CultureInfo.InvariantCulture),
        OutputValueKind.Double => AsDouble.ToString("R", CultureInfo.InvariantCulture),
        OutputValueKind.Bool => AsBool ? "true" : "false",
        OutputValueKind.List => "(" + string.Join(",", AsList) + ")",
        _ => "<NA>",
    };
}
