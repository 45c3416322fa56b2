using System.Buffers;
using System.Buffers.Text;
using Kite.Rules.Binding;
using Kite.Rules.Compilation.Values;

namespace Kite.Rules.Compilation;

/// <summary>
/// Applies the single-field text transformers (`tolower`, `toupper`, `b64`, `basename`) in one buffer the
/// node owns, allocated with the node: evaluation never allocates. The buffer holds
/// <see cref="ValueLimits.MaxTextBytes"/>: a step that copies the value (`tolower`, `toupper`, `b64`) keeps
/// its first <see cref="ValueLimits.MaxTextBytes"/> bytes, as a computed text does; `basename` only slices.
/// </summary>
internal sealed class Transformation(TransformerKind[] transformers)
{
    // Room past the bound for the `=` padding base64 decoding may need.
    private readonly byte[] _buffer = new byte[ValueLimits.MaxTextBytes + 3];

    public TransformerKind[] Transformers { get; } = transformers;

    /// <summary>Applies the text transformers (all but a final `len`); false if a step fails (bad base64).</summary>
    public bool TryApply(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> result)
    {
        foreach (TransformerKind kind in Transformers)
        {
            switch (kind)
            {
                case TransformerKind.ToLower:
                {
                    Span<byte> text = MoveToBuffer(value);
                    for (int i = 0; i < text.Length; i++)
                        text[i] = text[i] is >= (byte)'A' and <= (byte)'Z' ? (byte)(text[i] + 32) : text[i];
                    value = text;
                    break;
                }
                case TransformerKind.ToUpper:
                {
                    Span<byte> text = MoveToBuffer(value);
                    for (int i = 0; i < text.Length; i++)
                        text[i] = text[i] is >= (byte)'a' and <= (byte)'z' ? (byte)(text[i] - 32) : text[i];
                    value = text;
                    break;
                }
                case TransformerKind.Basename:
                {
                    int slash = value.LastIndexOf((byte)'/');
                    value = slash < 0 ? value : value[(slash + 1)..];
                    break;
                }
                case TransformerKind.Base64:
                {
                    int length = MoveToBuffer(value).Length;
                    while (length % 4 != 0)
                        _buffer[length++] = (byte)'=';
                    if (Base64.DecodeFromUtf8InPlace(_buffer.AsSpan(0, length), out int written) != OperationStatus.Done)
                    {
                        result = default;
                        return false;
                    }
                    value = _buffer.AsSpan(0, written);
                    break;
                }
                default:
                    // `len` is last: the caller takes the length of what the steps before produced.
                    result = value;
                    return true;
            }
        }
        result = value;
        return true;
    }

    // The value at the start of the buffer, cut to the bound. It may already be in the buffer at an offset
    // (`basename` sliced it): CopyTo moves overlapping bytes correctly.
    private Span<byte> MoveToBuffer(ReadOnlySpan<byte> value)
    {
        ReadOnlySpan<byte> kept = value.Length > ValueLimits.MaxTextBytes ? value[..ValueLimits.MaxTextBytes] : value;
        Span<byte> target = _buffer.AsSpan(0, kept.Length);
        kept.CopyTo(target);
        return target;
    }
}
