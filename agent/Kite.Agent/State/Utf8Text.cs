namespace Kite.Agent.State;

/// <summary>
/// A UTF-8 string owned by state: copied out of the ring into a buffer that is reused while it is big
/// enough, so updating a pooled entry with values of similar size allocates nothing.
/// Mutable struct: keep it in a field and call its methods on the field, never on a copy.
/// </summary>
internal struct Utf8Text
{
    private byte[]? _buffer;
    private int _length;
    private bool _hasValue;

    /// <summary>False when the value was never set or was cleared: fields report "missing", not "".</summary>
    public readonly bool HasValue => _hasValue;

    public readonly ReadOnlySpan<byte> Span => _hasValue ? new ReadOnlySpan<byte>(_buffer, 0, _length) : default;

    public readonly int Length => _hasValue ? _length : 0;

    public void Set(ReadOnlySpan<byte> value)
    {
        if (_buffer is null || _buffer.Length < value.Length)
            _buffer = new byte[Math.Max(value.Length, 16)];
        value.CopyTo(_buffer);
        _length = value.Length;
        _hasValue = true;
    }

    public void Set(in Utf8Text other)
    {
        if (other.HasValue)
            Set(other.Span);
        else
            Clear();
    }

    /// <summary>Forgets the value but keeps the buffer for the next <see cref="Set(ReadOnlySpan{byte})"/>.</summary>
    public void Clear()
    {
        _length = 0;
        _hasValue = false;
    }

    /// <summary>Bytes held, for the memory accounting of the tables.</summary>
    public readonly int Capacity => _buffer?.Length ?? 0;

    public override readonly string ToString() => System.Text.Encoding.UTF8.GetString(Span);
}
