using Kite.Rules.Fields;

namespace Kite.Agent.Fields;

/// <summary>
/// The `syscall` source as the rule engine sees it: the libsinsp-compatible `evt.*`, `proc.*`,
/// `thread.*`, `user.*`, `group.*`, `fd.*` fields and the container plugin's `container.*`/`k8s.*`
/// fields (SPEC.md section 3), the event-type names, and the plugin it stands in for (`container`).
/// </summary>
internal sealed partial class SyscallFieldCatalog : FieldCatalog
{
    public const string Source = "syscall";

    /// <summary>The container plugin version the built-in container fields are equivalent to (the upstream rules need >= 0.4.0).</summary>
    public const string ContainerPluginVersion = "0.4.0";

    private static readonly Lazy<SyscallFieldCatalog> s_instance = new(() => new SyscallFieldCatalog());

    private SyscallFieldCatalog()
        : base(
            Source,
            CreateFields(),
            SyscallEventTypes.CodesByName(),
            [new ProvidedPlugin("container", ContainerPluginVersion)],
            ["container.id", "container.name", "container.image.repository", "container.image.tag", "k8s.pod.name", "k8s.ns.name"])
    {
    }

    public static SyscallFieldCatalog Instance => s_instance.Value;

    /// <summary>`fd.sip.name` and its kin compare through the address of the same end of the socket.</summary>
    public override FieldDescriptor? AddressFieldOf(FieldDescriptor hostNameField)
    {
        SyscallField address = (SyscallField)hostNameField.Id.Value switch
        {
            SyscallField.FdSipName => SyscallField.FdSip,
            SyscallField.FdCipName => SyscallField.FdCip,
            SyscallField.FdRipName => SyscallField.FdRip,
            SyscallField.FdLipName => SyscallField.FdLip,
            _ => (SyscallField)(-1),
        };
        return address < 0 ? null : Fields.FirstOrDefault(f => f.Id.Value == (int)address);
    }

    /// <summary>
    /// `evt.arg.NAME`/`evt.rawarg.NAME` must name a known event parameter; `evt.rawarg` takes that
    /// parameter's type and has no index form. The parameter's position in the known-name table is
    /// stored in <see cref="FieldArgument.Code"/> for the extractor.
    /// </summary>
    public override bool TryResolveArgument(FieldDescriptor field, string text, bool bracketed, out FieldArgument argument, out FieldType type, out string? error)
    {
        if (field.Id.Value is not ((int)SyscallField.EvtArg or (int)SyscallField.EvtRawArg))
            return base.TryResolveArgument(field, text, bracketed, out argument, out type, out error);

        type = field.Type;
        error = null;
        bool isIndex = text.Length > 0 && text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;
        if (isIndex)
        {
            if (field.Id.Value == (int)SyscallField.EvtRawArg || !bracketed)
            {
                argument = default;
                error = $"field '{field.Name}' needs a parameter name, not an index";
                return false;
            }
            argument = FieldArgument.FromIndex(long.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
            return true;
        }
        int code = SyscallEventTypes.IndexOfParameter(text);
        if (code < 0)
        {
            argument = default;
            error = $"unknown event argument '{text}'";
            return false;
        }
        FieldType parameterType = SyscallEventTypes.Parameters[code].Type;
        if (field.Id.Value == (int)SyscallField.EvtRawArg)
            type = parameterType;
        argument = FieldArgument.FromKey(text, code);
        return true;
    }
}
