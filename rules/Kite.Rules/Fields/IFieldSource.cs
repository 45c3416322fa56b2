namespace Kite.Rules.Fields;

/// <summary>
/// The hot-path contract between the rule engine and an event source: evaluator nodes read the
/// current event's fields through it. Implemented by a <c>ref struct</c> view over the event
/// (the agent's syscall <c>EventContext</c> over ring-buffer bytes, the audit source over a parsed
/// JSON event) and called through generics
/// (<c>ConditionNode&lt;TSource&gt; where TSource : IFieldSource, allows ref struct</c>), so every call
/// is a direct, inlinable call on the concrete type: no boxing, no interface dispatch, no allocation.
/// </summary>
/// <remarks>
/// <para>Rules for implementers:</para>
/// <list type="bullet">
/// <item>A getter returns <c>false</c> when the value is not available for this event (no thread, no fd,
/// parameter absent, metadata not yet known). The engine then treats every check on it as false
/// (even <c>!=</c>) and renders it as <c>&lt;NA&gt;</c> / JSON null. Never return a placeholder value instead.</item>
/// <item>The evaluator calls exactly the getter that matches the field's declared <see cref="FieldType"/>
/// (see each method); a source may return false from the others.</item>
/// <item>Spans returned by <see cref="TryGetString"/> must stay valid until the next call on this source
/// (they may point into ring-buffer memory or into a scratch buffer owned by the source that the
/// next call overwrites). The engine copies what it keeps.</item>
/// <item>Getters must not allocate in steady state; an expensive derived value should be cached on the
/// source for the lifetime of the event (the engine may ask for the same field several times).</item>
/// <item>Fields flagged <see cref="FieldFlags.List"/> (and <see cref="FieldFlags.AnyValue"/> fields used
/// without an index argument) are read with the <c>TryGetNext*</c> methods: the engine starts with
/// <c>cursor = 0</c> and calls until the method returns false; the source stores whatever position it
/// needs in <c>cursor</c> (an index, a thread id...). The engine never interprets the cursor.</item>
/// </list>
/// </remarks>
public interface IFieldSource
{
    /// <summary>The event-type code of the current event, in the numbering of the catalog's <see cref="FieldCatalog.EventTypes"/>.</summary>
    ushort EventType { get; }

    /// <summary>Reads a <see cref="FieldType.String"/>, <see cref="FieldType.Path"/> or <see cref="FieldType.Bytes"/> field as UTF-8 (or raw) bytes.</summary>
    bool TryGetString(FieldId id, in FieldArgument argument, out ReadOnlySpan<byte> value);

    /// <summary>Reads a <see cref="FieldType.Int64"/> field.</summary>
    bool TryGetInt64(FieldId id, in FieldArgument argument, out long value);

    /// <summary>Reads a <see cref="FieldType.UInt64"/>, <see cref="FieldType.Port"/>, <see cref="FieldType.AbsTime"/> or <see cref="FieldType.RelTime"/> field.</summary>
    bool TryGetUInt64(FieldId id, in FieldArgument argument, out ulong value);

    /// <summary>Reads a <see cref="FieldType.Bool"/> field.</summary>
    bool TryGetBool(FieldId id, in FieldArgument argument, out bool value);

    /// <summary>Reads a <see cref="FieldType.Double"/> field.</summary>
    bool TryGetDouble(FieldId id, in FieldArgument argument, out double value);

    /// <summary>Reads a <see cref="FieldType.IPAddress"/> or <see cref="FieldType.IPNet"/> field.</summary>
    bool TryGetAddress(FieldId id, in FieldArgument argument, out NetAddress value);

    /// <summary>Next value of a multi-valued text field; <paramref name="cursor"/> starts at 0. False when there are no more.</summary>
    bool TryGetNextString(FieldId id, in FieldArgument argument, ref long cursor, out ReadOnlySpan<byte> value);

    /// <summary>Next value of a multi-valued <see cref="FieldType.Int64"/> field (e.g. `proc.apid`).</summary>
    bool TryGetNextInt64(FieldId id, in FieldArgument argument, ref long cursor, out long value);

    /// <summary>Next value of a multi-valued unsigned field (e.g. `fd.port`: client then server port).</summary>
    bool TryGetNextUInt64(FieldId id, in FieldArgument argument, ref long cursor, out ulong value);

    /// <summary>Next value of a multi-valued address field (e.g. `fd.ip`, `fd.net`: client then server address).</summary>
    bool TryGetNextAddress(FieldId id, in FieldArgument argument, ref long cursor, out NetAddress value);
}
