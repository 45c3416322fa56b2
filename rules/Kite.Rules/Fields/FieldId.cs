namespace Kite.Rules.Fields;

/// <summary>
/// A field's identity within its <see cref="FieldCatalog"/>: the index of its descriptor.
/// Sources switch on <see cref="Value"/> in their getters, so catalogs should expose the ids
/// as constants (see agent SyscallFieldCatalog).
/// </summary>
public readonly record struct FieldId(int Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
