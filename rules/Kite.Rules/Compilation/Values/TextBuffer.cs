namespace Kite.Rules.Compilation.Values;

/// <summary>A fixed-capacity byte buffer owned by one value node: appends past the capacity are cut (see <see cref="ValueLimits"/>).</summary>
internal sealed class TextBuffer(int capacity = ValueLimits.MaxTextBytes)
{
    private readonly byte[] _bytes = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void Append(ReadOnlySpan<byte> value)
    {
        int n = Math.Min(value.Length, _bytes.Length - Length);
        value[..n].CopyTo(_bytes.AsSpan(Length));
        Length += n;
    }

    /// <summary>Replaces the content with <paramref name="value"/> (cut to the capacity) and returns it.</summary>
    public ReadOnlySpan<byte> Set(ReadOnlySpan<byte> value)
    {
        Length = 0;
        Append(value);
        return Span;
    }

    /// <summary>Room to write up to <paramref name="length"/> bytes in place (cut to the capacity); <see cref="Commit"/> sets the length written.</summary>
    public Span<byte> Writable(int length) => _bytes.AsSpan(0, Math.Min(length, _bytes.Length));

    public void Commit(int length) => Length = Math.Min(length, _bytes.Length);
}
