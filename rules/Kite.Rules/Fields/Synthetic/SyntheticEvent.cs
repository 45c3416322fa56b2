using System.Globalization;
using System.Text;

namespace Kite.Rules.Fields.Synthetic;

/// <summary>
/// An event made of explicit field values, for tests and rule tests (`kite rules test`): values are
/// set by field reference as written in rules (`proc.name`, `proc.aname[2]`, `evt.arg.flags`),
/// converted once to the field's type (text precomputed as UTF-8), and read through
/// <see cref="SyntheticFieldSource"/> without allocating. A field that is not set is missing.
/// </summary>
public sealed class SyntheticEvent
{
    private readonly Dictionary<(int Id, string? Argument), SyntheticValue> _values = [];

    // Read path: per field id, the (argument, value) pairs; a short linear scan beats hashing the key.
    private readonly (string? Argument, SyntheticValue Value)[]?[] _byId;

    public SyntheticEvent(FieldCatalog catalog)
    {
        Catalog = catalog;
        _byId = new (string?, SyntheticValue)[]?[catalog.Fields.Count];
    }

    public FieldCatalog Catalog { get; }

    /// <summary>The event-type code reported by the source.</summary>
    public ushort EventType { get; set; }

    /// <summary>Sets the event type by name (the first code the catalog maps it to).</summary>
    public SyntheticEvent WithEventType(string name)
    {
        if (!Catalog.EventTypes.TryGetValue(name, out ushort[]? codes) || codes.Length == 0)
            throw new ArgumentException($"unknown event type '{name}' for source {Catalog.SourceName}", nameof(name));
        EventType = codes[0];
        if (Catalog.Fields.FirstOrDefault(f => f.Has(FieldFlags.EventType)) is { } typeField)
        {
            _values[(typeField.Id.Value, null)] = SyntheticValue.Parse(typeField.Type, name);
            Index(typeField.Id.Value);
        }
        return this;
    }

    /// <summary>Sets one value (converted to the field's type: `"42"` for integers, `"true"` for bools, `"10.0.0.1"` for addresses); null removes it.</summary>
    public SyntheticEvent Set(string fieldReference, string? value)
    {
        var (field, argument) = Resolve(fieldReference);
        if (value is null)
            _values.Remove((field.Id.Value, argument));
        else
            _values[(field.Id.Value, argument)] = SyntheticValue.Parse(field.Type, value);
        Index(field.Id.Value);
        return this;
    }

    public SyntheticEvent Set(string fieldReference, long value) => Set(fieldReference, value.ToString(CultureInfo.InvariantCulture));

    public SyntheticEvent Set(string fieldReference, bool value) => Set(fieldReference, value ? "true" : "false");

    /// <summary>Sets the values of a multi-valued field (list fields, and `AnyValue` fields such as `proc.aname` or `fd.ip` used without index).</summary>
    public SyntheticEvent SetValues(string fieldReference, params string[] values)
    {
        var (field, argument) = Resolve(fieldReference);
        _values[(field.Id.Value, argument)] = SyntheticValue.List(values.Select(v => SyntheticValue.Parse(field.Type, v)).ToArray());
        Index(field.Id.Value);
        return this;
    }

    /// <summary>
    /// Sets a process lineage for the `proc.a*`-style field <paramref name="ancestorField"/>: element 0 is
    /// the process itself, 1 its parent, ...; `field[N]` reads element N and `field` without index
    /// yields elements 1.. (every ancestor, parent upward).
    /// </summary>
    public SyntheticEvent SetLineage(string ancestorField, params string[] selfThenAncestors)
    {
        for (int i = 0; i < selfThenAncestors.Length; i++)
            Set($"{ancestorField}[{i}]", selfThenAncestors[i]);
        return SetValues(ancestorField, selfThenAncestors.Skip(1).ToArray());
    }

    internal bool TryGet(FieldId id, in FieldArgument argument, out SyntheticValue value)
    {
        if ((uint)id.Value < (uint)_byId.Length && _byId[id.Value] is { } entries)
        {
            string? text = argument.Text;
            foreach (var (arg, v) in entries)
            {
                if (string.Equals(arg, text, StringComparison.Ordinal))
                {
                    value = v;
                    return true;
                }
            }
        }
        value = null!;
        return false;
    }

    private void Index(int id) =>
        _byId[id] = _values.Where(p => p.Key.Id == id).Select(p => (p.Key.Argument, p.Value)).ToArray() is { Length: > 0 } a ? a : null;

    private (FieldDescriptor Field, string? Argument) Resolve(string reference)
    {
        string token = reference;
        string? argument = null;
        int bracket = reference.IndexOf('[');
        if (bracket > 0 && reference.EndsWith(']'))
        {
            token = reference[..bracket];
            argument = reference[(bracket + 1)..^1];
        }
        if (!Catalog.TryResolveToken(token, out FieldDescriptor field, out string? dotted))
            throw new ArgumentException($"unknown field '{reference}' for source {Catalog.SourceName}", nameof(reference));
        argument ??= dotted;
        if (argument is not null && !Catalog.TryResolveArgument(field, argument, bracket > 0, out FieldArgument resolved, out _, out string? error))
            throw new ArgumentException(error, nameof(reference));
        return (field, argument);
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var ((id, arg), value) in _values)
            text.Append(Catalog.Fields[id].Name).Append(arg is null ? "" : $"[{arg}]").Append('=').Append(value).Append(' ');
        return text.ToString().TrimEnd();
    }
}
