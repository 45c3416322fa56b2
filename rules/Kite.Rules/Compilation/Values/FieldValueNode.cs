using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Values;

/// <summary>A field as a transformer input: its text (read in place), its list of texts (copied) or its integer.</summary>
internal sealed class FieldValueNode<TSource>(FieldId id, FieldArgument argument, FieldType type, bool list) : ValueNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly FieldId _id = id;
    private readonly FieldArgument _argument = argument;
    private readonly TextList? _values = list ? new TextList() : null;

    public override bool IsStable => false;

    public override int Cost => list ? 6 : 2;

    public override bool TryGetText(ref TSource source, out ReadOnlySpan<byte> value) => source.TryGetString(_id, in _argument, out value);

    public override bool TryGetList(ref TSource source, out TextList values)
    {
        values = _values!;
        values.Clear();
        long cursor = 0;
        // Each span is only valid until the next call: copy it.
        while (source.TryGetNextString(_id, in _argument, ref cursor, out ReadOnlySpan<byte> value) && values.Add(value))
        {
        }
        // A source cannot tell an absent list from an empty one: no value is a missing value, as for `exists`.
        return values.Count > 0;
    }

    public override bool TryGetNumber(ref TSource source, out Int128 value)
    {
        if (type == FieldType.Int64)
        {
            bool ok = source.TryGetInt64(_id, in _argument, out long signed);
            value = signed;
            return ok;
        }
        bool found = source.TryGetUInt64(_id, in _argument, out ulong unsigned);
        value = unsigned;
        return found;
    }
}
