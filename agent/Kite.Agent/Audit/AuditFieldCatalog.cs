using Kite.Rules.Fields;

namespace Kite.Agent.Audit;

/// <summary>
/// The `k8s_audit` source as the rule engine sees it: the k8saudit plugin's `ka.*` fields, the json
/// plugin's `jevt.*` fields (also spelled `json.*`) and the generic `evt.num`/`evt.time` fields
/// (SPEC.md sections 1.10, 3 and 4.4). The source has no event types: every k8s_audit rule sees
/// every audit event.
/// </summary>
internal sealed partial class AuditFieldCatalog : FieldCatalog
{
    public const string Source = "k8s_audit";

    /// <summary>The k8saudit plugin version our fields are equivalent to (the upstream rules need >= 0.18.0).</summary>
    public const string K8sAuditPluginVersion = "0.18.0";

    /// <summary>The json plugin version our `jevt.*` fields are equivalent to (the upstream rules need >= 0.7.0).</summary>
    public const string JsonPluginVersion = "0.7.0";

    private static readonly Lazy<AuditFieldCatalog> s_instance = new(() => new AuditFieldCatalog());

    private AuditFieldCatalog()
        : base(
            Source,
            CreateFields(),
            eventTypes: null,
            [new ProvidedPlugin("k8saudit", K8sAuditPluginVersion), new ProvidedPlugin("json", JsonPluginVersion)],
            suggestedOutputFields: [])
    {
    }

    public static AuditFieldCatalog Instance => s_instance.Value;

    /// <summary>`jevt.value[...]` takes an RFC 6901 JSON pointer: checked here so a typo fails at load, not silently at run time.</summary>
    public override bool TryResolveArgument(FieldDescriptor field, string text, bool bracketed, out FieldArgument argument, out FieldType type, out string? error)
    {
        if (field.Id.Value is (int)AuditField.JsonValue or (int)AuditField.JsonValueAlias)
        {
            type = field.Type;
            if (!IsJsonPointer(text))
            {
                argument = default;
                error = $"field '{field.Name}' needs a JSON pointer argument such as {field.Name}[/requestObject/spec], got '{text}'";
                return false;
            }
            error = null;
            argument = FieldArgument.FromKey(text);
            return true;
        }
        if (field.Id.Value == (int)AuditField.UriParam && text.Length == 0)
        {
            type = field.Type;
            argument = default;
            error = $"field '{field.Name}' needs a query parameter name, e.g. {field.Name}[command]";
            return false;
        }
        return base.TryResolveArgument(field, text, bracketed, out argument, out type, out error);
    }

    // "" (the whole document) or "/"-separated tokens where "~" is only followed by 0 or 1.
    private static bool IsJsonPointer(string text)
    {
        if (text.Length == 0)
            return true;
        if (text[0] != '/')
            return false;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '~' && (i + 1 >= text.Length || text[i + 1] is not ('0' or '1')))
                return false;
        }
        return true;
    }
}
