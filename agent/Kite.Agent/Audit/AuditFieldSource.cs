using Kite.Rules.Fields;

namespace Kite.Agent.Audit;

/// <summary>
/// The <see cref="IFieldSource"/> the rule engine reads an <see cref="AuditEvent"/> through. Each field
/// (with its argument) is extracted from the JSON once per event and cached on the event as UTF-8, so
/// repeated reads by many rules cost a dictionary lookup. The audit path is not the per-syscall hot
/// path: the one-time extraction allocates, reads do not.
/// </summary>
internal readonly ref struct AuditFieldSource : IFieldSource
{
    private readonly AuditEvent _event;

    public AuditFieldSource(AuditEvent auditEvent) => _event = auditEvent;

    /// <summary>The k8s_audit source has no event types.</summary>
    public ushort EventType => 0;

    public bool TryGetString(FieldId id, in FieldArgument argument, out ReadOnlySpan<byte> value)
    {
        AuditFieldValue extracted = Get(id, argument);
        value = extracted.Utf8;
        return extracted.Utf8 is not null;
    }

    public bool TryGetUInt64(FieldId id, in FieldArgument argument, out ulong value)
    {
        switch ((AuditField)id.Value)
        {
            case AuditField.EventNumber:
                value = _event.Number;
                return true;
            case AuditField.EventTime or AuditField.EventTimeIso8601 or AuditField.EventRawTime:
                value = _event.TimestampNanos;
                return true;
            default:
                value = 0;
                return false;
        }
    }

    public bool TryGetNextString(FieldId id, in FieldArgument argument, ref long cursor, out ReadOnlySpan<byte> value)
    {
        AuditFieldValue extracted = Get(id, argument);
        // A single value (an indexed list field) reads as a one-element list.
        if (extracted.ItemsUtf8 is null)
        {
            bool first = cursor == 0 && extracted.Utf8 is not null;
            value = first ? extracted.Utf8 : default;
            cursor = 1;
            return first;
        }
        if (cursor < 0 || cursor >= extracted.ItemsUtf8.Length)
        {
            value = default;
            return false;
        }
        value = extracted.ItemsUtf8[cursor++];
        return true;
    }

    public bool TryGetInt64(FieldId id, in FieldArgument argument, out long value)
    {
        value = 0;
        return false;
    }

    public bool TryGetBool(FieldId id, in FieldArgument argument, out bool value)
    {
        value = false;
        return false;
    }

    public bool TryGetDouble(FieldId id, in FieldArgument argument, out double value)
    {
        value = 0;
        return false;
    }

    public bool TryGetAddress(FieldId id, in FieldArgument argument, out NetAddress value)
    {
        value = default;
        return false;
    }

    public bool TryGetNextInt64(FieldId id, in FieldArgument argument, ref long cursor, out long value)
    {
        value = 0;
        return false;
    }

    public bool TryGetNextUInt64(FieldId id, in FieldArgument argument, ref long cursor, out ulong value)
    {
        value = 0;
        return false;
    }

    public bool TryGetNextAddress(FieldId id, in FieldArgument argument, ref long cursor, out NetAddress value)
    {
        value = default;
        return false;
    }

    private AuditFieldValue Get(FieldId id, in FieldArgument argument)
    {
        if (_event.TryGetCached(id.Value, argument.Text, out AuditFieldValue cached))
            return cached;
        int index = argument.Kind == FieldArgumentKind.Index ? (int)Math.Clamp(argument.Index, -1, int.MaxValue) : AuditFieldExtractor.NoIndex;
        string? key = argument.Kind == FieldArgumentKind.Key ? argument.Text : null;
        AuditFieldValue value = index < -1 ? AuditFieldValue.Missing : AuditFieldExtractor.Extract(_event, (AuditField)id.Value, key, index);
        _event.Cache(id.Value, argument.Text, value);
        return value;
    }
}
