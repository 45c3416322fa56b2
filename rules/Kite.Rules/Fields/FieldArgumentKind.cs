namespace Kite.Rules.Fields;

/// <summary>What the argument of a field (the part in `[...]` or after the field name's dot) means.</summary>
public enum FieldArgumentKind : byte
{
    /// <summary>The field takes no argument.</summary>
    None,

    /// <summary>A non-negative integer: ancestor level (`proc.aname[2]`), list element (`ka.req.pod.containers.image[0]`).</summary>
    Index,

    /// <summary>A free-form key: JSON pointer, map key, environment variable name, mount source glob.</summary>
    Key,

    /// <summary>A parameter name or an index (`evt.arg.flags`, `evt.arg[0]`): the catalog resolves it (<see cref="FieldCatalog.TryResolveArgument"/>).</summary>
    NameOrIndex,
}
