using System.Buffers.Text;

namespace Kite.Agent.Fields;

/// <summary>Appends UTF-8 text into a fixed span; output past the end is cut, never thrown.</summary>
internal ref struct Utf8Builder(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;

    public int Length { get; private set; }

    public readonly ReadOnlySpan<byte> Written => _destination[..Length];

    public readonly bool IsFull => Length >= _destination.Length;

    public void Append(scoped ReadOnlySpan<byte> text)
    {
        int n = Math.Min(text.Length, _destination.Length - Length);
        text[..n].CopyTo(_destination[Length..]);
        Length += n;
    }

    public void Append(byte b)
    {
        if (Length < _destination.Length)
            _destination[Length++] = b;
    }

    public void Append(long value)
    {
        if (Utf8Formatter.TryFormat(value, _destination[Length..], out int n))
            Length += n;
    }

    public void AppendUnsigned(ulong value)
    {
        if (Utf8Formatter.TryFormat(value, _destination[Length..], out int n))
            Length += n;
    }

    /// <summary>Appends a NUL-separated list with <paramref name="separator"/> between items.</summary>
    public void AppendList(ReadOnlySpan<byte> list, byte separator)
    {
        bool first = true;
        while (!list.IsEmpty)
        {
            int nul = list.IndexOf((byte)0);
            ReadOnlySpan<byte> item = nul >= 0 ? list[..nul] : list;
            list = nul >= 0 ? list[(nul + 1)..] : default;
            if (!first)
                Append(separator);
            Append(item);
            first = false;
        }
    }

    public Span<byte> Remaining => _destination[Length..];

    public void Advance(int n) => Length = Math.Min(Length + n, _destination.Length);
}
