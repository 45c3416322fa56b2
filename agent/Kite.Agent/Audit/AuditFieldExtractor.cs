using System.Globalization;
using System.Text.Json;

namespace Kite.Agent.Audit;

/// <summary>
/// Pure functions from an audit event to field values, with the semantics of Falco's k8saudit and
/// json plugins (SPEC 3 and 4.4): paths into the Event object, strings as-is and other JSON values as
/// compact JSON text, list fields over the pod's containers/volumes and the role's rules, `[N]`
/// selecting one element of a list, `jevt.value[/pointer]` per RFC 6901. A value that is absent (or JSON
/// null) is missing, never an empty string.
/// </summary>
/// <remarks>
/// Deliberate differences from the plugin, where it is lenient or wrong: image repositories keep a
/// registry port (`registry:5000/app:v1` gives `registry:5000/app`, the plugin gives `registry`), and
/// list items that lack the requested key (a volume that is not a hostPath, a container without a
/// securityContext) are skipped instead of making the whole field unavailable.
/// </remarks>
internal static class AuditFieldExtractor
{
    /// <summary>Index value meaning "no `[N]` argument".</summary>
    public const int NoIndex = -1;

    private static readonly string[] s_containers = ["requestObject", "spec", "containers"];
    private static readonly string[] s_initContainers = ["requestObject", "spec", "initContainers"];
    private static readonly string[] s_ephemeralContainers = ["requestObject", "spec", "ephemeralContainers"];
    private static readonly string[] s_volumes = ["requestObject", "spec", "volumes"];
    private static readonly string[] s_rules = ["requestObject", "rules"];
    private static readonly string[] s_image = ["image"];
    private static readonly string[] s_privileged = ["securityContext", "privileged"];
    private static readonly string[] s_hostPath = ["hostPath", "path"];

    /// <summary>Extracts <paramref name="field"/>; <paramref name="key"/> is a `[key]` argument, <paramref name="index"/> a `[N]` argument or <see cref="NoIndex"/>.</summary>
    public static AuditFieldValue Extract(AuditEvent auditEvent, AuditField field, string? key = null, int index = NoIndex)
    {
        JsonElement root = auditEvent.Root;
        return field switch
        {
            AuditField.EventNumber => AuditFieldValue.Of(auditEvent.Number.ToString(CultureInfo.InvariantCulture)),
            AuditField.EventTime or AuditField.EventTimeIso8601 or AuditField.EventRawTime or AuditField.JsonRawTime or AuditField.JsonRawTimeAlias
                => AuditFieldValue.Of(auditEvent.TimestampNanos.ToString(CultureInfo.InvariantCulture)),
            AuditField.JsonValue or AuditField.JsonValueAlias => AuditFieldValue.Of(key is null ? null : Pointer(root, key)),
            AuditField.JsonObject or AuditField.JsonObjectAlias => AuditFieldValue.Of(AuditJson.Render(root)),

            AuditField.AuditId => Single(root, "auditID"),
            AuditField.Stage => Single(root, "stage"),
            AuditField.AuthDecision => Single(root, "annotations", "authorization.k8s.io/decision"),
            AuditField.AuthReason => Single(root, "annotations", "authorization.k8s.io/reason"),
            AuditField.UserName => Single(root, "user", "username"),
            AuditField.UserGroups => List(root, ["user", "groups"], index),
            AuditField.ImpersonatedUserName => Single(root, "impersonatedUser", "username"),
            AuditField.Verb => Single(root, "verb"),
            AuditField.Uri => Single(root, "requestURI"),
            AuditField.UriParam => AuditFieldValue.Of(key is null ? null : QueryParameter(Text(root, "requestURI"), key)),
            AuditField.UserAgent => Single(root, "userAgent"),
            AuditField.SourceIps => List(root, ["sourceIPs"], index),

            AuditField.TargetName or AuditField.ConfigMapName => Single(root, "objectRef", "name"),
            AuditField.TargetNamespace => Single(root, "objectRef", "namespace"),
            AuditField.TargetResource => Single(root, "objectRef", "resource"),
            AuditField.TargetSubresource => Single(root, "objectRef", "subresource"),

            AuditField.BindingSubjects => List(root, ["requestObject", "subjects"], index),
            AuditField.BindingRole => Single(root, "requestObject", "roleRef", "name"),
            AuditField.ConfigMapObject => Single(root, "requestObject", "data"),
            AuditField.PodContainersImage => ItemValues(root, s_containers, s_image, index),
            AuditField.PodContainersImageRepository => Repositories(ItemValues(root, s_containers, s_image, index)),
            AuditField.PodContainersPrivileged => ItemValues(root, s_containers, s_privileged, index),
            AuditField.PodInitContainersImage => ItemValues(root, s_initContainers, s_image, index),
            AuditField.PodInitContainersImageRepository => Repositories(ItemValues(root, s_initContainers, s_image, index)),
            AuditField.PodInitContainersPrivileged => ItemValues(root, s_initContainers, s_privileged, index),
            AuditField.PodEphemeralContainersImage => ItemValues(root, s_ephemeralContainers, s_image, index),
            AuditField.PodEphemeralContainersImageRepository => Repositories(ItemValues(root, s_ephemeralContainers, s_image, index)),
            AuditField.PodEphemeralContainersPrivileged => ItemValues(root, s_ephemeralContainers, s_privileged, index),
            AuditField.PodHostIpc => Single(root, "requestObject", "spec", "hostIPC"),
            AuditField.PodHostNetwork => Single(root, "requestObject", "spec", "hostNetwork"),
            AuditField.PodHostPid => Single(root, "requestObject", "spec", "hostPID"),
            AuditField.PodVolumesHostPath => ItemValues(root, s_volumes, s_hostPath, index),
            AuditField.RoleRules => List(root, s_rules, index),
            AuditField.RoleRulesVerbs => RuleItems(root, "verbs", index),
            AuditField.RoleRulesResources => RuleItems(root, "resources", index),
            AuditField.RoleRulesApiGroups => RuleItems(root, "apiGroups", index),
            AuditField.ServiceType => Single(root, "requestObject", "spec", "type"),
            AuditField.ServicePorts => List(root, ["requestObject", "spec", "ports"], index),

            AuditField.ResponseName => Single(root, "responseObject", "metadata", "name"),
            AuditField.ResponseCode => Single(root, "responseStatus", "code"),
            AuditField.ResponseReason => Single(root, "responseStatus", "reason"),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not an audit field"),
        };
    }

    /// <summary>The rendered value at a path of object keys, or null when any step is absent or null.</summary>
    public static string? Text(JsonElement root, params ReadOnlySpan<string> keys) =>
        TryWalk(root, keys, out JsonElement value) ? AuditJson.Render(value) : null;

    /// <summary>
    /// The value at an RFC 6901 JSON pointer (`/requestObject/spec/volumes`, `/a~1b` for key `a/b`,
    /// `/items/0`), rendered as text; null when the pointer is malformed or leads nowhere.
    /// </summary>
    public static string? Pointer(JsonElement root, string pointer)
    {
        if (pointer.Length == 0)
            return AuditJson.Render(root);
        if (pointer[0] != '/')
            return null;
        JsonElement current = root;
        int start = 1;
        while (true)
        {
            int end = pointer.IndexOf('/', start);
            string? token = Unescape(end < 0 ? pointer[start..] : pointer[start..end]);
            if (token is null)
                return null;
            if (current.ValueKind == JsonValueKind.Object)
            {
                if (!current.TryGetProperty(token, out current))
                    return null;
            }
            else if (current.ValueKind == JsonValueKind.Array)
            {
                if (!IsArrayIndex(token, out int position) || position >= current.GetArrayLength())
                    return null;
                current = current[position];
            }
            else
            {
                return null;
            }
            if (end < 0)
                break;
            start = end + 1;
        }
        return current.ValueKind == JsonValueKind.Null ? null : AuditJson.Render(current);

        static string? Unescape(string token)
        {
            if (!token.Contains('~'))
                return token;
            var text = new System.Text.StringBuilder(token.Length);
            for (int i = 0; i < token.Length; i++)
            {
                if (token[i] != '~')
                {
                    text.Append(token[i]);
                    continue;
                }
                if (i + 1 >= token.Length || token[i + 1] is not ('0' or '1'))
                    return null;
                text.Append(token[++i] == '0' ? '~' : '/');
            }
            return text.ToString();
        }

        // RFC 6901: "0" or digits without a leading zero; "-" (past the end) never exists.
        static bool IsArrayIndex(string token, out int position)
        {
            position = 0;
            if (token.Length == 0 || (token.Length > 1 && token[0] == '0'))
                return false;
            foreach (char c in token)
            {
                if (c is < '0' or > '9')
                    return false;
            }
            return int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out position);
        }
    }

    /// <summary>The first value of query parameter <paramref name="name"/> in a request URI, percent-decoded; null when absent.</summary>
    public static string? QueryParameter(string? requestUri, string name)
    {
        if (requestUri is null)
            return null;
        int question = requestUri.IndexOf('?');
        if (question < 0)
            return null;
        int fragment = requestUri.IndexOf('#', question);
        ReadOnlySpan<char> query = requestUri.AsSpan(question + 1, (fragment < 0 ? requestUri.Length : fragment) - question - 1);
        foreach (Range part in query.Split('&'))
        {
            ReadOnlySpan<char> pair = query[part];
            int equals = pair.IndexOf('=');
            ReadOnlySpan<char> rawKey = equals < 0 ? pair : pair[..equals];
            if (Decode(rawKey) != name)
                continue;
            return equals < 0 ? "" : Decode(pair[(equals + 1)..]);
        }
        return null;

        static string Decode(ReadOnlySpan<char> text) => Uri.UnescapeDataString(text.ToString().Replace('+', ' '));
    }

    /// <summary>The repository part of an image reference: without `@digest` and without a `:tag` after the last `/`.</summary>
    public static string ImageRepository(string image)
    {
        int at = image.IndexOf('@');
        if (at >= 0)
            image = image[..at];
        int colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? image[..colon] : image;
    }

    private static AuditFieldValue Single(JsonElement root, params ReadOnlySpan<string> keys) => AuditFieldValue.Of(Text(root, keys));

    // The elements of an array (rendered), or with an index the one element as a single value.
    private static AuditFieldValue List(JsonElement root, ReadOnlySpan<string> arrayPath, int index)
    {
        if (!TryWalk(root, arrayPath, out JsonElement array) || array.ValueKind != JsonValueKind.Array)
            return AuditFieldValue.Missing;
        if (index != NoIndex)
            return index < array.GetArrayLength() && array[index].ValueKind != JsonValueKind.Null ? AuditFieldValue.Of(AuditJson.Render(array[index])) : AuditFieldValue.Missing;
        var items = new List<string>(array.GetArrayLength());
        foreach (JsonElement item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Null)
                items.Add(AuditJson.Render(item));
        }
        return AuditFieldValue.OfList(items);
    }

    // One value per array element that has the key path (elements without it are skipped); with an
    // index, the value of that element only.
    private static AuditFieldValue ItemValues(JsonElement root, string[] arrayPath, string[] itemPath, int index)
    {
        if (!TryWalk(root, arrayPath, out JsonElement array) || array.ValueKind != JsonValueKind.Array)
            return AuditFieldValue.Missing;
        if (index != NoIndex)
        {
            return index < array.GetArrayLength() && TryWalk(array[index], itemPath, out JsonElement one)
                ? AuditFieldValue.Of(AuditJson.Render(one))
                : AuditFieldValue.Missing;
        }
        var items = new List<string>(array.GetArrayLength());
        foreach (JsonElement item in array.EnumerateArray())
        {
            if (TryWalk(item, itemPath, out JsonElement value))
                items.Add(AuditJson.Render(value));
        }
        return AuditFieldValue.OfList(items);
    }

    // `ka.req.role.rules.verbs` etc.: the named array of every rule (or of rule N), flattened.
    private static AuditFieldValue RuleItems(JsonElement root, string key, int index)
    {
        if (!TryWalk(root, s_rules, out JsonElement rules) || rules.ValueKind != JsonValueKind.Array)
            return AuditFieldValue.Missing;
        if (index != NoIndex && index >= rules.GetArrayLength())
            return AuditFieldValue.Missing;
        var items = new List<string>();
        int position = 0;
        foreach (JsonElement rule in rules.EnumerateArray())
        {
            if ((index == NoIndex || index == position) && rule.ValueKind == JsonValueKind.Object &&
                rule.TryGetProperty(key, out JsonElement values) && values.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement value in values.EnumerateArray())
                {
                    if (value.ValueKind != JsonValueKind.Null)
                        items.Add(AuditJson.Render(value));
                }
            }
            position++;
        }
        return AuditFieldValue.OfList(items);
    }

    private static AuditFieldValue Repositories(AuditFieldValue images)
    {
        if (images.Text is not null)
            return AuditFieldValue.Of(ImageRepository(images.Text));
        if (images.Items is not null)
            return AuditFieldValue.OfList(Array.ConvertAll(images.Items, ImageRepository));
        return images;
    }

    private static bool TryWalk(JsonElement element, ReadOnlySpan<string> keys, out JsonElement value)
    {
        value = element;
        foreach (string key in keys)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(key, out value))
                return false;
        }
        return value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
    }
}
