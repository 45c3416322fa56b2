namespace Kite.Rules.Fields;

/// <summary>
/// One field a source can extract: what rule authors write (<see cref="Name"/>), what it holds
/// (<see cref="Type"/>), how it may be used (<see cref="Flags"/>, <see cref="ArgumentKind"/>) and
/// the id the evaluator passes to <see cref="IFieldSource"/>.
/// </summary>
public sealed class FieldDescriptor
{
    public FieldDescriptor(
        int id,
        string name,
        FieldType type,
        string description,
        FieldFlags flags = FieldFlags.None,
        FieldArgumentKind argumentKind = FieldArgumentKind.None,
        FieldDisplay display = FieldDisplay.Default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if ((flags & (FieldFlags.ArgumentRequired | FieldFlags.ArgumentOptional)) != 0 && argumentKind == FieldArgumentKind.None)
            throw new ArgumentException($"field {name} takes an argument but declares no argument kind", nameof(argumentKind));
        if ((flags & (FieldFlags.ArgumentRequired | FieldFlags.ArgumentOptional)) == 0 && argumentKind != FieldArgumentKind.None)
            throw new ArgumentException($"field {name} declares an argument kind but neither ArgumentRequired nor ArgumentOptional", nameof(flags));
        Id = new FieldId(id);
        Name = name;
        Type = type;
        Description = description;
        Flags = flags;
        ArgumentKind = argumentKind;
        Display = display;
    }

    public FieldId Id { get; }

    /// <summary>The name as rule authors write it, e.g. `proc.name`, `evt.arg`, `ka.req.pod.containers.image`.</summary>
    public string Name { get; }

    public FieldType Type { get; }

    /// <summary>One sentence for `kite fields` and error hints.</summary>
    public string Description { get; }

    public FieldFlags Flags { get; }

    /// <summary>What the argument means when the field takes one.</summary>
    public FieldArgumentKind ArgumentKind { get; }

    public FieldDisplay Display { get; }

    public bool TakesArgument => (Flags & (FieldFlags.ArgumentRequired | FieldFlags.ArgumentOptional)) != 0;

    public bool RequiresArgument => (Flags & FieldFlags.ArgumentRequired) != 0;

    public bool Has(FieldFlags flag) => (Flags & flag) == flag;

    public override string ToString() => Name;
}
