namespace Kite.Rules.Compilation.Values;

/// <summary>
/// A fixed-capacity list of texts owned by one value node: the values are copied into one byte array,
/// so they stay valid while the event source is read again. Elements past <see cref="ValueLimits.MaxListItems"/>
/// are dropped and bytes past <see cref="ValueLimits.MaxTextBytes"/> are cut.
/// </summary>
internal sealed class TextList
{
    private readonly byte[] _data = new byte[ValueLimits.MaxTextBytes];
    private readonly int[] _starts = new int[ValueLimits.MaxListItems];
    private readonly int[] _lengths = new int[ValueLimits.MaxListItems];
    private int _used;

    public int Count { get; private set; }

    public ReadOnlySpan<byte> this[int index] => _data.AsSpan(_starts[index], _lengths[index]);

    public void Clear()
    {
        Count = 0;
        _used = 0;
    }

    /// <summary>Appends a copy of <paramref name="value"/>; false (and nothing added) when the list is full.</summary>
    public bool Add(ReadOnlySpan<byte> value)
    {
        if (Count == _starts.Length)
            return false;
        int n = Math.Min(value.Length, _data.Length - _used);
        value[..n].CopyTo(_data.AsSpan(_used));
        _starts[Count] = _used;
        _lengths[Count] = n;
        _used += n;
        Count++;
        return true;
    }

    /// <summary>True when some element equals <paramref name="value"/> byte for byte.</summary>
    public bool Contains(ReadOnlySpan<byte> value)
    {
        for (int i = 0; i < Count; i++)
        {
            if (this[i].SequenceEqual(value))
                return true;
        }
        return false;
    }
}
