using System.Buffers.Binary;

namespace Kite.Agent.Events;

/// <summary>Reads one parameter's bytes as the probe wrote them: little-endian integers of the parameter's width, NUL-terminated strings.</summary>
internal static class ParamValue
{
    /// <summary>A signed integer of 1, 2, 4 or 8 bytes, sign-extended; 0 for any other width (empty or malformed).</summary>
    public static long ToInt64(ReadOnlySpan<byte> p) => p.Length switch
    {
        8 => BinaryPrimitives.ReadInt64LittleEndian(p),
        4 => BinaryPrimitives.ReadInt32LittleEndian(p),
        2 => BinaryPrimitives.ReadInt16LittleEndian(p),
        1 => (sbyte)p[0],
        _ => 0,
    };

    /// <summary>An unsigned integer of 1, 2, 4 or 8 bytes, zero-extended; 0 for any other width.</summary>
    public static ulong ToUInt64(ReadOnlySpan<byte> p) => p.Length switch
    {
        8 => BinaryPrimitives.ReadUInt64LittleEndian(p),
        4 => BinaryPrimitives.ReadUInt32LittleEndian(p),
        2 => BinaryPrimitives.ReadUInt16LittleEndian(p),
        1 => p[0],
        _ => 0,
    };

    /// <summary>The bytes before the first NUL (all of them when there is none: a truncated string).</summary>
    public static ReadOnlySpan<byte> ToCString(ReadOnlySpan<byte> p)
    {
        int nul = p.IndexOf((byte)0);
        return nul >= 0 ? p.Slice(0, nul) : p;
    }
}
