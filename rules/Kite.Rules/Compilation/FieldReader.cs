using Kite.Rules.Binding;
using Kite.Rules.Fields;

namespace Kite.Rules.Compilation;

/// <summary>Reads one bound field (with its transformers) as text or as a number; used by `val()` and `len()` checks.</summary>
internal sealed class FieldReader
{
    private readonly FieldId _id;
    private readonly FieldArgument _argument;
    private readonly FieldType _type;
    private readonly Transformation? _transformation;
    private readonly bool _length;

    public FieldReader(BoundField field)
    {
        _id = field.Descriptor.Id;
        _argument = field.Argument;
        _type = field.ValueType;
        _length = field.Transformers.Count > 0 && field.Transformers[^1] == TransformerKind.Length;
        if (field.Transformers.Count > (_length ? 1 : 0))
            _transformation = new Transformation([.. field.Transformers]);
    }

    public bool IsNumeric => _length || _type.IsInteger();

    public bool TryReadText<TSource>(ref TSource source, out ReadOnlySpan<byte> value)
        where TSource : IFieldSource, allows ref struct
    {
        if (!source.TryGetString(_id, in _argument, out value))
            return false;
        return _transformation is null || _transformation.TryApply(value, out value);
    }

    public bool TryReadNumber<TSource>(ref TSource source, out Int128 value)
        where TSource : IFieldSource, allows ref struct
    {
        value = 0;
        if (_length)
        {
            if (!TryReadText(ref source, out ReadOnlySpan<byte> text))
                return false;
            value = text.Length;
            return true;
        }
        if (_type == FieldType.Int64)
        {
            bool ok = source.TryGetInt64(_id, in _argument, out long l);
            value = l;
            return ok;
        }
        bool okU = source.TryGetUInt64(_id, in _argument, out ulong u);
        value = u;
        return okU;
    }
}
