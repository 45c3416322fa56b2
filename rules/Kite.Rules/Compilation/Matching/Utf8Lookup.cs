using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kite.Rules.Compilation.Matching;

/// <summary>
/// Byte strings to small integers, looked up by span: an open-addressing table with the hashes stored beside
/// the keys, so a miss (the common case for `proc.name in (shell_binaries)`) rarely compares bytes. O(1) per
/// lookup whatever the number of keys; built once at load time, read-only afterwards.
/// </summary>
internal sealed class Utf8Lookup
{
    // Per slot: hash in the high half, value + 1 in the low half; 0 = empty. A miss usually reads this array only.
    private readonly ulong[] _slots;
    private readonly byte[]?[] _keys;
    private readonly int _mask;

    /// <summary>Maps each key to its value (0 or more); a key given twice keeps its first value.</summary>
    public Utf8Lookup(IReadOnlyList<(byte[] Key, int Value)> entries)
    {
        int size = 8;
        while (size < entries.Count * 2)
            size *= 2;
        _slots = new ulong[size];
        _keys = new byte[]?[size];
        _mask = size - 1;
        foreach (var (key, value) in entries)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            int hash = Hash(key);
            int i = hash & _mask;
            while (_keys[i] is { } existing && !((int)(_slots[i] >> 32) == hash && existing.AsSpan().SequenceEqual(key)))
                i = (i + 1) & _mask;
            if (_keys[i] is not null)
                continue;
            _keys[i] = key;
            _slots[i] = ((ulong)(uint)hash << 32) | (uint)(value + 1);
        }
    }

    /// <summary>A set: every key maps to 0.</summary>
    public static Utf8Lookup Set(IEnumerable<byte[]> keys) => new([.. keys.Select(k => (k, 0))]);

    /// <summary>The value of <paramref name="key"/>, or -1 when it is not in the table.</summary>
    public int Find(ReadOnlySpan<byte> key)
    {
        int hash = Hash(key);
        int i = hash & _mask;
        while (true)
        {
            ulong slot = _slots[i];
            if (slot == 0)
                return -1;
            if ((int)(slot >> 32) == hash && key.SequenceEqual(_keys[i]))
                return (int)(uint)slot - 1;
            i = (i + 1) & _mask;
        }
    }

    public bool Contains(ReadOnlySpan<byte> key) => Find(key) >= 0;

    // Short keys (process names, most list items) hash from two overlapping reads; longer ones from every
    // 8-byte word, so keys that differ only in the middle (long paths) still spread.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(ReadOnlySpan<byte> key)
    {
        const ulong K0 = 0x9E3779B97F4A7C15UL, K1 = 0xC2B2AE3D27D4EB4FUL;
        ref byte start = ref MemoryMarshal.GetReference(key);
        int n = key.Length;
        ulong h = (ulong)n * K0;
        if (n > 16)
        {
            int i = 0;
            for (; i + 8 <= n; i += 8)
                h = (BitRotate(h ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i))) * K1);
            h ^= Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, n - 8));
        }
        else if (n >= 8)
        {
            h ^= Unsafe.ReadUnaligned<ulong>(ref start) * K1;
            h ^= BitRotate(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, n - 8)));
        }
        else if (n >= 4)
        {
            h ^= Unsafe.ReadUnaligned<uint>(ref start) * K1;
            h ^= (ulong)Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, n - 4)) << 32;
        }
        else if (n > 0)
        {
            h ^= (start | ((ulong)Unsafe.Add(ref start, n >> 1) << 8) | ((ulong)Unsafe.Add(ref start, n - 1) << 16)) * K1;
        }
        h = (h ^ (h >> 31)) * 0x94D049BB133111EBUL;
        return (int)(h ^ (h >> 32));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong BitRotate(ulong v) => System.Numerics.BitOperations.RotateLeft(v, 27);
}
