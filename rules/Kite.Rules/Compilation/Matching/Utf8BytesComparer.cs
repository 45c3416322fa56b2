namespace Kite.Rules.Compilation.Matching;

/// <summary>Ordinal byte-array equality that also looks up by <see cref="ReadOnlySpan{T}"/> (no key allocation per event).</summary>
internal sealed class Utf8BytesComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly Utf8BytesComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] obj) => Hash(obj);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    // Cheap and consistent with equality: length, first and last 8 bytes. Collisions only cost a compare.
    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        ulong h = (ulong)bytes.Length * 0x9E3779B97F4A7C15UL;
        if (bytes.Length >= 8)
        {
            h ^= System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            h = (h ^ (h >> 29)) * 0xBF58476D1CE4E5B9UL;
            h ^= System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes[^8..]);
        }
        else
        {
            foreach (byte b in bytes)
                h = (h ^ b) * 0x100000001B3UL;
        }
        h = (h ^ (h >> 31)) * 0x94D049BB133111EBUL;
        return (int)(h ^ (h >> 32));
    }
}
