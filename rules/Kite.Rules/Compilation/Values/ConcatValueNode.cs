using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Values;

/// <summary>`concat(a, b, ...)`: the parts one after the other in this node's buffer; missing when any part is missing.</summary>
internal sealed class ConcatValueNode<TSource>(ValueNode<TSource>[] parts) : ValueNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly TextBuffer _buffer = new();

    public override int Cost => 2 + parts.Sum(p => p.Cost);

    public override bool TryGetText(ref TSource source, out ReadOnlySpan<byte> value)
    {
        _buffer.Clear();
        foreach (ValueNode<TSource> part in parts)
        {
            // Appended at once: a field's span is only valid until the next read of the source.
            if (!part.TryGetText(ref source, out ReadOnlySpan<byte> text))
            {
                value = default;
                return false;
            }
            _buffer.Append(text);
        }
        value = _buffer.Span;
        return true;
    }
}
