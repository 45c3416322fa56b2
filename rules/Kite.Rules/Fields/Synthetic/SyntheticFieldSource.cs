namespace Kite.Rules.Fields.Synthetic;

/// <summary>
/// The <see cref="IFieldSource"/> over a <see cref="SyntheticEvent"/>: a <c>ref struct</c>, like the
/// agent's real sources, so tests exercise the same generic code paths. Allocation-free.
/// </summary>
public ref struct SyntheticFieldSource : IFieldSource
{
    private readonly SyntheticEvent _event;

    public SyntheticFieldSource(SyntheticEvent syntheticEvent) => _event = syntheticEvent;

    public readonly ushort EventType => _event.EventType;

    public readonly bool TryGetString(FieldId id, in FieldArgument argument, out ReadOnlySpan<byte> value)
    {
        if (_event.TryGet(id, argument, out SyntheticValue? v) && v.Items is null)
        {
            value = v.Utf8;
            return true;
        }
        value = default;
        return false;
    }

    public readonly bool TryGetInt64(FieldId id, in FieldArgument argument, out long value)
    {
        bool ok = _event.TryGet(id, argument, out SyntheticValue? v) && v.HasInt64;
        value = ok ? v!.Int64 : 0;
        return ok;
    }

    public readonly bool TryGetUInt64(FieldId id, in FieldArgument argument, out ulong value)
    {
        bool ok = _event.TryGet(id, argument, out SyntheticValue? v) && v.HasUInt64;
        value = ok ? v!.UInt64 : 0;
        return ok;
    }

    public readonly bool TryGetBool(FieldId id, in FieldArgument argument, out bool value)
    {
        bool ok = _event.TryGet(id, argument, out SyntheticValue? v) && v.HasBool;
        value = ok && v!.Bool;
        return ok;
    }

    public readonly bool TryGetDouble(FieldId id, in FieldArgument argument, out double value)
    {
        bool ok = _event.TryGet(id, argument, out SyntheticValue? v) && v.HasDouble;
        value = ok ? v!.Double : 0;
        return ok;
    }

    public readonly bool TryGetAddress(FieldId id, in FieldArgument argument, out NetAddress value)
    {
        bool ok = _event.TryGet(id, argument, out SyntheticValue? v) && v.HasAddress;
        value = ok ? v!.Address : default;
        return ok;
    }

    public readonly bool TryGetNextString(FieldId id, in FieldArgument argument, ref long cursor, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!Next(id, argument, ref cursor, out SyntheticValue? item))
            return false;
        value = item.Utf8;
        return true;
    }

    public readonly bool TryGetNextInt64(FieldId id, in FieldArgument argument, ref long cursor, out long value)
    {
        value = 0;
        if (!Next(id, argument, ref cursor, out SyntheticValue? item) || !item.HasInt64)
            return false;
        value = item.Int64;
        return true;
    }

    public readonly bool TryGetNextUInt64(FieldId id, in FieldArgument argument, ref long cursor, out ulong value)
    {
        value = 0;
        if (!Next(id, argument, ref cursor, out SyntheticValue? item) || !item.HasUInt64)
            return false;
        value = item.UInt64;
        return true;
    }

    public readonly bool TryGetNextAddress(FieldId id, in FieldArgument argument, ref long cursor, out NetAddress value)
    {
        value = default;
        if (!Next(id, argument, ref cursor, out SyntheticValue? item) || !item.HasAddress)
            return false;
        value = item.Address;
        return true;
    }

    // A single value set on a multi-valued field reads as a one-element list.
    private readonly bool Next(FieldId id, in FieldArgument argument, ref long cursor, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SyntheticValue? item)
    {
        item = null;
        if (!_event.TryGet(id, argument, out SyntheticValue? v))
            return false;
        if (v.Items is null)
        {
            if (cursor != 0)
                return false;
            cursor = 1;
            item = v;
            return true;
        }
        if (cursor >= v.Items.Length)
            return false;
        item = v.Items[cursor++];
        return true;
    }
}
