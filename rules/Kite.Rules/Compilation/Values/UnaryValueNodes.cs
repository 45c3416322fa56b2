using System.Buffers;
using System.Buffers.Text;
using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Values;

/// <summary>`tolower(x)` / `toupper(x)` over a computed value: ASCII case mapping into this node's buffer.</summary>
internal sealed class CaseValueNode<TSource>(ValueNode<TSource> operand, bool upper) : ValueNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly TextBuffer _buffer = new();

    public override int Cost => operand.Cost + 2;

    public override bool TryGetText(ref TSource source, out ReadOnlySpan<byte> value)
    {
        if (!operand.TryGetText(ref source, out ReadOnlySpan<byte> input))
        {
            value = default;
            return false;
        }
        Span<byte> target = _buffer.Writable(input.Length);
        input = input[..target.Length];
        for (int i = 0; i < input.Length; i++)
        {
            byte c = input[i];
            target[i] = upper
                ? c is >= (byte)'a' and <= (byte)'z' ? (byte)(c - 32) : c
                : c is >= (byte)'A' and <= (byte)'Z' ? (byte)(c + 32) : c;
        }
        _buffer.Commit(input.Length);
        value = _buffer.Span;
        return true;
    }
}

/// <summary>`b64(x)` over a computed value: base64-decodes (padding optional) into this node's buffer; invalid input is a missing value.</summary>
internal sealed class Base64ValueNode<TSource>(ValueNode<TSource> operand) : ValueNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly TextBuffer _buffer = new();

    public override int Cost => operand.Cost + 4;

    public override bool TryGetText(ref TSource source, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!operand.TryGetText(ref source, out ReadOnlySpan<byte> input))
            return false;
        // Past the bound, decode the longest whole-quantum prefix that fits (the value is cut, see ValueLimits).
        int capacity = _buffer.Writable(int.MaxValue).Length & ~3;
        if (input.Length > capacity)
            input = input[..capacity];
        int padded = (input.Length + 3) & ~3;
        Span<byte> work = _buffer.Writable(padded);
        input.CopyTo(work);
        work[input.Length..padded].Fill((byte)'=');
        if (Base64.DecodeFromUtf8InPlace(work, out int written) != OperationStatus.Done)
            return false;
        _buffer.Commit(written);
        value = _buffer.Span;
        return true;
    }
}

/// <summary>`basename(x)` over a computed value: the text after the last `/` (a slice, no copy).</summary>
internal sealed class BasenameValueNode<TSource>(ValueNode<TSource> operand) : ValueNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    public override bool IsStable => operand.IsStable;

    public override int Cost => operand.Cost + 1;

    public override bool TryGetText(ref TSource source, out ReadOnlySpan<byte> value)
    {
        if (!operand.TryGetText(ref source, out value))
            return false;
        int slash = value.LastIndexOf((byte)'/');
        if (slash >= 0)
            value = value[(slash + 1)..];
        return true;
    }
}

/// <summary>`len(x)`: the byte length of a text, or the number of elements of a list.</summary>
internal sealed class LengthValueNode<TSource>(ValueNode<TSource> operand, bool list) : ValueNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    public override int Cost => operand.Cost + 1;

    public override bool TryGetNumber(ref TSource source, out Int128 value)
    {
        value = 0;
        if (list)
        {
            if (!operand.TryGetList(ref source, out TextList values))
                return false;
            value = values.Count;
            return true;
        }
        if (!operand.TryGetText(ref source, out ReadOnlySpan<byte> text))
            return false;
        value = text.Length;
        return true;
    }
}
