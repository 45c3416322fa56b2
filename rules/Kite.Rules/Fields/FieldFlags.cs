namespace Kite.Rules.Fields;

/// <summary>Properties of a field that change how the binder accepts it and how the evaluator reads it.</summary>
[Flags]
public enum FieldFlags : ushort
{
    None = 0,

    /// <summary>The field may only appear in conditions, never in outputs (`fd.ip`, `fd.net`, `fd.port`).</summary>
    FilterOnly = 1 << 0,

    /// <summary>The field cannot be the argument of `val()` and takes no transformer (`proc.aname`, `fd.ip`).</summary>
    NoRhs = 1 << 1,

    /// <summary>The field must be written with an argument (`evt.arg.flags`, `container.mount.dest[/etc]`).</summary>
    ArgumentRequired = 1 << 2,

    /// <summary>The field may be written with or without an argument (`proc.aname[2]`, `proc.env[HOME]`).</summary>
    ArgumentOptional = 1 << 3,

    /// <summary>
    /// The field is multi-valued (a list: `ka.req.pod.containers.image`); read with the
    /// <c>TryGetNext*</c> methods of <see cref="IFieldSource"/>. `in` needs every value in the set,
    /// `intersects` any value. With an index argument it reads one element (single-valued).
    /// </summary>
    List = 1 << 4,

    /// <summary>
    /// Without an argument the field yields several candidates and a check is true when
    /// <em>any</em> candidate satisfies it, `!=` included (SPEC.md 2.3: `proc.aname != sshd` holds when
    /// some ancestor is not sshd), unless the field is also <see cref="EitherEndpoint"/>: `proc.aname`
    /// walks the ancestors, `fd.ip`/`fd.port` yield client then server side. Read with the
    /// <c>TryGetNext*</c> methods. With an index argument (`proc.aname[2]`) the field is single-valued.
    /// </summary>
    AnyValue = 1 << 5,

    /// <summary>The event-type field (`evt.type`): values are validated against the catalog's event names and drive rule indexing.</summary>
    EventType = 1 << 6,

    /// <summary>The event sequence number (`evt.num`): `evt.num = 0` can never match (Falco's `never_true` idiom).</summary>
    EventNumber = 1 << 7,

    /// <summary>Deprecated field: using it produces a LOAD_DEPRECATED_ITEM warning.</summary>
    Deprecated = 1 << 8,

    /// <summary>Right-hand-side hostnames are resolved to addresses by the source (`fd.sip.name`); the check compares the rendered name otherwise.</summary>
    HostName = 1 << 9,

    /// <summary>
    /// An <see cref="AnyValue"/> field whose candidates are the two endpoints of a connection (`fd.ip`,
    /// `fd.port`, `fd.net`): `!=` holds only when <em>neither</em> endpoint equals (SPEC.md 2.3), where
    /// other <see cref="AnyValue"/> fields hold `!=` when some candidate differs.
    /// </summary>
    EitherEndpoint = 1 << 10,
}
