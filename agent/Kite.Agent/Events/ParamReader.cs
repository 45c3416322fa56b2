using System.Buffers.Binary;

namespace Kite.Agent.Events;

/// <summary>
/// Walks the parameters of a <see cref="RawEvent"/> in order. A ref struct over the record: no copies, no allocation.
/// </summary>
internal ref struct ParamReader
{
    private readonly ReadOnlySpan<byte> _lengths;
    private ReadOnlySpan<byte> _remaining;
    private int _index;

    internal ParamReader(ReadOnlySpan<byte> lengths, ReadOnlySpan<byte> data)
    {
        _lengths = lengths;
        _remaining = data;
        _index = 0;
    }

    /// <summary>The index of the next parameter.</summary>
    public readonly int Index => _index;

    public readonly int Count => _lengths.Length / 2;

    /// <summary>Moves to the next parameter; false after the last one (or if the record is inconsistent).</summary>
    public bool TryReadNext(out ReadOnlySpan<byte> param)
    {
        if (2 * _index >= _lengths.Length)
        {
            param = default;
            return false;
        }
        int length = BinaryPrimitives.ReadUInt16LittleEndian(_lengths.Slice(2 * _index));
        if (length > _remaining.Length)
        {
            param = default;
            return false;
        }
        param = _remaining.Slice(0, length);
        _remaining = _remaining.Slice(length);
        _index++;
        return true;
    }

    /// <summary>Next parameter as a sign-extended integer; 0 when there is none.</summary>
    public long ReadInt64() => TryReadNext(out var p) ? ParamValue.ToInt64(p) : 0;

    /// <summary>Next parameter as a zero-extended integer; 0 when there is none.</summary>
    public ulong ReadUInt64() => TryReadNext(out var p) ? ParamValue.ToUInt64(p) : 0;

    /// <summary>Next parameter as a C string; empty when there is none.</summary>
    public ReadOnlySpan<byte> ReadString() => TryReadNext(out var p) ? ParamValue.ToCString(p) : default;
}
