using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Values;

/// <summary>
/// `join(sep, list)`: every value of the items (a list-valued item contributes each of its elements)
/// with the separator between them, in this node's buffer; missing when the separator or an item is missing.
/// </summary>
internal sealed class JoinValueNode<TSource> : ValueNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly ValueNode<TSource> _separator;
    private readonly byte[]? _constantSeparator;
    private readonly TextBuffer? _separatorCopy;
    private readonly ValueNode<TSource>[] _items;
    private readonly bool[] _itemIsList;
    private readonly TextBuffer _buffer = new();

    public JoinValueNode(ValueNode<TSource> separator, ValueNode<TSource>[] items, bool[] itemIsList)
    {
        _separator = separator;
        _items = items;
        _itemIsList = itemIsList;
        if (separator is LiteralValueNode<TSource> literal)
            _constantSeparator = literal.Utf8;
        else if (!separator.IsStable)
            _separatorCopy = new TextBuffer(); // reading the items reads the source again: keep the separator here
    }

    public override int Cost => 2 + _separator.Cost + _items.Sum(i => i.Cost);

    public override bool TryGetText(ref TSource source, out ReadOnlySpan<byte> value)
    {
        value = default;
        scoped ReadOnlySpan<byte> separator = _constantSeparator;
        if (_constantSeparator is null)
        {
            if (!_separator.TryGetText(ref source, out separator))
                return false;
            if (_separatorCopy is not null)
                separator = _separatorCopy.Set(separator);
        }
        _buffer.Clear();
        bool first = true;
        for (int i = 0; i < _items.Length; i++)
        {
            if (_itemIsList[i])
            {
                if (!_items[i].TryGetList(ref source, out TextList values))
                    return false;
                for (int k = 0; k < values.Count; k++)
                    AppendItem(separator, values[k], ref first);
            }
            else
            {
                if (!_items[i].TryGetText(ref source, out ReadOnlySpan<byte> text))
                    return false;
                AppendItem(separator, text, ref first);
            }
        }
        value = _buffer.Span;
        return true;
    }

    private void AppendItem(ReadOnlySpan<byte> separator, ReadOnlySpan<byte> item, ref bool first)
    {
        if (!first)
            _buffer.Append(separator);
        _buffer.Append(item);
        first = false;
    }
}
