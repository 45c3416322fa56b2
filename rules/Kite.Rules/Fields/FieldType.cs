namespace Kite.Rules.Fields;

/// <summary>
/// The value type of a field: decides which <see cref="IFieldSource"/> getter the evaluator calls,
/// how a right-hand-side literal is parsed, which operators are allowed and how the value renders.
/// </summary>
public enum FieldType : byte
{
    /// <summary>UTF-8 text, compared byte-wise (ordinal). Read with <see cref="IFieldSource.TryGetString"/>.</summary>
    String,

    /// <summary>A file-system path (a string with path semantics; `pmatch` is meant for it).</summary>
    Path,

    /// <summary>Signed integer (int8..int64, fds, pids, errno). Read with <see cref="IFieldSource.TryGetInt64"/>.</summary>
    Int64,

    /// <summary>Unsigned integer (uint8..uint64, uids, flags). Read with <see cref="IFieldSource.TryGetUInt64"/>.</summary>
    UInt64,

    /// <summary>A TCP/UDP port (uint16). Read with <see cref="IFieldSource.TryGetUInt64"/>.</summary>
    Port,

    /// <summary>Absolute time, nanoseconds since the Unix epoch. Read with <see cref="IFieldSource.TryGetUInt64"/>.</summary>
    AbsTime,

    /// <summary>Relative time (a duration), nanoseconds. Read with <see cref="IFieldSource.TryGetUInt64"/>.</summary>
    RelTime,

    /// <summary>Boolean. Read with <see cref="IFieldSource.TryGetBool"/>.</summary>
    Bool,

    /// <summary>An IPv4 or IPv6 address. Read with <see cref="IFieldSource.TryGetAddress"/>; RHS literals are addresses.</summary>
    IPAddress,

    /// <summary>
    /// Filter-only network match: the source yields an address (<see cref="IFieldSource.TryGetAddress"/>),
    /// RHS literals are CIDR networks (`10.0.0.0/8`) or plain addresses, the check is membership.
    /// </summary>
    IPNet,

    /// <summary>Raw bytes (I/O buffers). Read with <see cref="IFieldSource.TryGetString"/> (the span is binary).</summary>
    Bytes,

    /// <summary>A floating-point number. Read with <see cref="IFieldSource.TryGetDouble"/>.</summary>
    Double,
}

/// <summary>Groups of field types the binder and the formatter treat alike.</summary>
public static class FieldTypes
{
    /// <summary>True for types whose values are read as UTF-8/bytes spans.</summary>
    public static bool IsText(this FieldType type) => type is FieldType.String or FieldType.Path or FieldType.Bytes;

    /// <summary>True for types read with <see cref="IFieldSource.TryGetUInt64"/>.</summary>
    public static bool IsUnsigned(this FieldType type) => type is FieldType.UInt64 or FieldType.Port or FieldType.AbsTime or FieldType.RelTime;

    /// <summary>True for every integer type (signed or unsigned).</summary>
    public static bool IsInteger(this FieldType type) => type == FieldType.Int64 || type.IsUnsigned();

    /// <summary>True for address and network types.</summary>
    public static bool IsNetwork(this FieldType type) => type is FieldType.IPAddress or FieldType.IPNet;

    /// <summary>The name shown by `kite fields` and in error messages (libs spelling where one exists).</summary>
    public static string DisplayName(this FieldType type) => type switch
    {
        FieldType.String => "string",
        FieldType.Path => "path",
        FieldType.Int64 => "int64",
        FieldType.UInt64 => "uint64",
        FieldType.Port => "port",
        FieldType.AbsTime => "abstime",
        FieldType.RelTime => "reltime",
        FieldType.Bool => "bool",
        FieldType.IPAddress => "ipaddr",
        FieldType.IPNet => "ipnet",
        FieldType.Bytes => "bytes",
        FieldType.Double => "double",
        _ => type.ToString(),
    };
}
