using System.Collections.Frozen;
using System.Globalization;

namespace Kite.Rules.Fields;

/// <summary>
/// Everything the engine knows about one event source (`syscall`, `k8s_audit`, ...): its fields, its
/// event-type names and codes, the Falco plugins it stands in for, and the fields Falco would append
/// to every output of the source as "suggested output". The engine itself knows nothing about
/// syscalls or audit events: the agent declares one catalog per source.
/// </summary>
/// <remarks>
/// Descriptors must be given in id order (<c>fields[i].Id.Value == i</c>), so a source can switch on a
/// dense id. Subclass to customise argument resolution (<see cref="TryResolveArgument"/>), e.g. to
/// validate `evt.arg.NAME` against the known parameter names and precompute a parameter code.
/// </remarks>
public class FieldCatalog
{
    private readonly FrozenDictionary<string, FieldDescriptor> _byName;
    private readonly string[] _eventTypeNamesByCode;

    public FieldCatalog(
        string sourceName,
        IEnumerable<FieldDescriptor> fields,
        IReadOnlyDictionary<string, ushort[]>? eventTypes = null,
        IEnumerable<ProvidedPlugin>? plugins = null,
        IEnumerable<string>? suggestedOutputFields = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);
        SourceName = sourceName;
        FieldDescriptor[] list = fields.ToArray();
        for (int i = 0; i < list.Length; i++)
        {
            if (list[i].Id.Value != i)
                throw new ArgumentException($"field {list[i].Name} has id {list[i].Id.Value} but is at position {i}; descriptors must be in id order", nameof(fields));
        }
        Fields = list;
        _byName = list.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
        var types = new Dictionary<string, ushort[]>(StringComparer.Ordinal);
        int max = 0;
        foreach (var (name, codes) in eventTypes ?? new Dictionary<string, ushort[]>())
        {
            types[name] = codes;
            foreach (ushort c in codes)
                max = Math.Max(max, c + 1);
        }
        EventTypes = types.ToFrozenDictionary(StringComparer.Ordinal);
        EventTypeCodeCount = max;
        _eventTypeNamesByCode = new string[max];
        foreach (var (name, codes) in types.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (ushort c in codes)
                _eventTypeNamesByCode[c] ??= name;
        }
        Plugins = (plugins ?? []).ToArray();
        SuggestedOutputFields = (suggestedOutputFields ?? []).ToArray();
    }

    /// <summary>The `source:` name rules use to select this catalog.</summary>
    public string SourceName { get; }

    /// <summary>Every field, indexed by <see cref="FieldId.Value"/>.</summary>
    public IReadOnlyList<FieldDescriptor> Fields { get; }

    /// <summary>Event-type names (`open`, `execve`) to the codes a source reports in <see cref="IFieldSource.EventType"/>; empty for sources without event types.</summary>
    public IReadOnlyDictionary<string, ushort[]> EventTypes { get; }

    /// <summary>One more than the highest event-type code; 0 when the source has no event types (every rule then sees every event).</summary>
    public int EventTypeCodeCount { get; }

    /// <summary>The Falco plugins this catalog provides built in, for `required_plugin_versions`.</summary>
    public IReadOnlyList<ProvidedPlugin> Plugins { get; }

    /// <summary>Fields appended to every output of this source as ` name_with_underscores=%field` when suggested output is on.</summary>
    public IReadOnlyList<string> SuggestedOutputFields { get; }

    public FieldDescriptor this[FieldId id] => Fields[id.Value];

    /// <summary>The field with exactly this name.</summary>
    public bool TryGetField(string name, out FieldDescriptor field) => _byName.TryGetValue(name, out field!);

    /// <summary>The name of an event-type code (the first name in ordinal order when several share it).</summary>
    public string? EventTypeName(ushort code) => code < _eventTypeNamesByCode.Length ? _eventTypeNamesByCode[code] : null;

    /// <summary>
    /// Resolves a field token as libs does: the registered field with the longest name that is a
    /// prefix of <paramref name="token"/> at a `.` boundary wins; the rest must be empty or, for a field
    /// that takes an argument, a `.suffix` returned in <paramref name="dottedArgument"/>.
    /// </summary>
    public bool TryResolveToken(string token, out FieldDescriptor field, out string? dottedArgument)
    {
        if (_byName.TryGetValue(token, out field!))
        {
            dottedArgument = null;
            return true;
        }
        for (int dot = token.LastIndexOf('.'); dot > 0; dot = token.LastIndexOf('.', dot - 1))
        {
            if (_byName.TryGetValue(token[..dot], out field!))
            {
                if (field.TakesArgument && dot + 1 < token.Length)
                {
                    dottedArgument = token[(dot + 1)..];
                    return true;
                }
                break;
            }
        }
        field = null!;
        dottedArgument = null;
        return false;
    }

    /// <summary>The DNS cache that host-name fields (<see cref="FieldFlags.HostName"/>) compare through.</summary>
    public HostNameResolver HostNames { get; init; } = HostNameResolver.Shared;

    /// <summary>
    /// The address field a host-name field is compared through (`fd.sip.name` -> `fd.sip`), or null when the
    /// catalog has none (the host-name field is then compared as text).
    /// </summary>
    public virtual FieldDescriptor? AddressFieldOf(FieldDescriptor hostNameField) => null;

    /// <summary>
    /// Turns the argument text of a field reference into a <see cref="FieldArgument"/> and tells the
    /// type of the resulting value (a catalog may give `evt.rawarg.NAME` the type of that parameter).
    /// </summary>
    /// <param name="field">The resolved field; it takes an argument.</param>
    /// <param name="text">The argument text: the inside of `[...]` or the part after the field name's dot.</param>
    /// <param name="bracketed">True for `[arg]`, false for `.arg`.</param>
    /// <param name="argument">The resolved argument.</param>
    /// <param name="type">The value type of the field with this argument.</param>
    /// <param name="error">A one-line reason when the argument is invalid.</param>
    public virtual bool TryResolveArgument(FieldDescriptor field, string text, bool bracketed, out FieldArgument argument, out FieldType type, out string? error)
    {
        type = field.Type;
        error = null;
        bool isIndex = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long index);
        switch (field.ArgumentKind)
        {
            case FieldArgumentKind.Index:
                if (!bracketed || !isIndex)
                {
                    argument = default;
                    error = $"field '{field.Name}' expects a numeric index argument like {field.Name}[1], got '{text}'";
                    return false;
                }
                argument = FieldArgument.FromIndex(index);
                return true;
            case FieldArgumentKind.NameOrIndex:
                argument = bracketed && isIndex ? FieldArgument.FromIndex(index) : FieldArgument.FromKey(text);
                return true;
            case FieldArgumentKind.Key:
                argument = FieldArgument.FromKey(text);
                return true;
            default:
                argument = default;
                error = $"field '{field.Name}' does not take an argument";
                return false;
        }
    }

    public override string ToString() => SourceName;
}
