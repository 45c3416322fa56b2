using System.Globalization;
using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kite.Agent.RuleTests;

/// <summary>
/// Reads a rule test file: a YAML sequence of cases
/// <code>
/// - case: web server runs sh -c in a container     # name shown in results
///   source: syscall                                # default; or k8s_audit
///   event:                                         # syscall: field values as rules name them
///     evt.type: execve
///     proc.name: sh
///     proc.aname: [nginx, containerd-shim]         # a sequence gives several values (ancestors from the parent up)
///   fires: [Shell Spawned in Container Without Terminal]
///   not_fires: [Terminal Shell in Container]
/// - case: exec into a pod
///   source: k8s_audit
///   event: { kind: Event, stage: ResponseStarted, ... }   # the audit Event, as YAML or as a JSON string
///   fires: [Exec or Attach Into Pod]
/// </code>
/// Problems are reported with file:line:column; a file with problems yields no cases.
/// </summary>
internal static class RuleTestFileReader
{
    public const string SyscallSource = "syscall";
    public const string K8sAuditSource = "k8s_audit";

    private static readonly HashSet<string> s_keys = ["case", "source", "event", "fires", "not_fires"];

    public static bool TryRead(string fileName, string content, out List<RuleTestCase> cases, out List<string> problems)
    {
        cases = [];
        problems = [];
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(content));
        }
        catch (YamlException e)
        {
            problems.Add($"{At(fileName, e.Start)}: invalid YAML: {(e.InnerException ?? e).Message.ReplaceLineEndings(" ")}");
            return false;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (YamlDocument document in stream.Documents)
        {
            if (document.RootNode is YamlScalarNode { Value: null or "" or "~" or "null" })
                continue;
            if (document.RootNode is not YamlSequenceNode items)
            {
                problems.Add($"{At(fileName, document.RootNode.Start)}: a rule test file is a sequence of cases (- case: ...)");
                continue;
            }
            foreach (YamlNode item in items)
            {
                if (TryReadCase(fileName, item, problems) is { } testCase)
                {
                    if (!names.Add(testCase.Name))
                        problems.Add($"{testCase.Location}: duplicate case name '{testCase.Name}'");
                    cases.Add(testCase);
                }
            }
        }
        if (cases.Count == 0 && problems.Count == 0)
            problems.Add($"{fileName}: no test cases");
        if (problems.Count > 0)
            cases.Clear();
        return problems.Count == 0;
    }

    private static RuleTestCase? TryReadCase(string file, YamlNode node, List<string> problems)
    {
        RuleTestLocation location = At(file, node.Start);
        if (node is not YamlMappingNode map)
        {
            problems.Add($"{location}: each case is a mapping with 'case', 'event' and 'fires'/'not_fires'");
            return null;
        }
        int before = problems.Count;
        foreach (YamlNode key in map.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } name } || !s_keys.Contains(name))
                problems.Add($"{At(file, key.Start)}: unknown key '{(key as YamlScalarNode)?.Value}' (expected one of: {string.Join(", ", s_keys)})");
        }
        string? caseName = Scalar(map, "case", file, problems, required: true);
        string source = Scalar(map, "source", file, problems, required: false) ?? SyscallSource;
        if (source is not (SyscallSource or K8sAuditSource))
            problems.Add($"{At(file, map.Children[new YamlScalarNode("source")].Start)}: source '{source}' is not {SyscallSource} or {K8sAuditSource}");
        List<string> fires = Names(map, "fires", file, problems);
        List<string> notFires = Names(map, "not_fires", file, problems);
        if (fires.Count == 0 && notFires.Count == 0)
            problems.Add($"{location}: case '{caseName}' expects nothing: give 'fires' and/or 'not_fires'");
        foreach (string both in fires.Intersect(notFires, StringComparer.Ordinal))
            problems.Add($"{location}: case '{caseName}' lists rule '{both}' in both 'fires' and 'not_fires'");

        IReadOnlyList<RuleTestField> fields = [];
        string? auditJson = null;
        if (!map.Children.TryGetValue(new YamlScalarNode("event"), out YamlNode? eventNode))
        {
            problems.Add($"{location}: case '{caseName}' has no 'event'");
        }
        else if (source == K8sAuditSource)
        {
            auditJson = ReadAuditEvent(file, eventNode, problems);
        }
        else if (eventNode is YamlMappingNode fieldMap)
        {
            fields = ReadFields(file, fieldMap, problems);
        }
        else
        {
            problems.Add($"{At(file, eventNode.Start)}: a syscall event is a mapping of field values (evt.type: execve, proc.name: sh, ...)");
        }

        if (problems.Count > before || caseName is null)
            return null;
        return new RuleTestCase
        {
            Name = caseName,
            Location = location,
            Source = source,
            Fields = fields,
            AuditEventJson = auditJson,
            Fires = fires,
            DoesNotFire = notFires,
        };
    }

    private static List<RuleTestField> ReadFields(string file, YamlMappingNode map, List<string> problems)
    {
        var fields = new List<RuleTestField>();
        foreach ((YamlNode key, YamlNode value) in map.Children)
        {
            RuleTestLocation at = At(file, key.Start);
            if (key is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                problems.Add($"{at}: field names are scalars like proc.name");
                continue;
            }
            switch (value)
            {
                case YamlScalarNode scalar when scalar.Value is not null:
                    fields.Add(new RuleTestField(name, [scalar.Value], false, at));
                    break;
                case YamlSequenceNode sequence when sequence.All(v => v is YamlScalarNode { Value: not null }):
                    fields.Add(new RuleTestField(name, sequence.Select(v => ((YamlScalarNode)v).Value!).ToList(), true, at));
                    break;
                default:
                    problems.Add($"{At(file, value.Start)}: value of {name} must be a scalar or a sequence of scalars");
                    break;
            }
        }
        return fields;
    }

    private static string? ReadAuditEvent(string file, YamlNode node, List<string> problems)
    {
        if (node is YamlScalarNode { Value: { } text })
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                    return text;
            }
            catch (JsonException e)
            {
                problems.Add($"{At(file, node.Start)}: audit event is not valid JSON: {e.Message}");
                return null;
            }
        }
        if (node is not YamlMappingNode)
        {
            problems.Add($"{At(file, node.Start)}: a k8s_audit event is an audit.k8s.io Event object (a YAML mapping or a JSON string)");
            return null;
        }
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            WriteJson(node, writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // YAML to JSON with the YAML 1.2 core schema for plain scalars: null, booleans and numbers are
    // typed, quoted scalars stay strings (so `code: 201` is a number and `name: "201"` a string).
    private static void WriteJson(YamlNode node, Utf8JsonWriter writer)
    {
        switch (node)
        {
            case YamlMappingNode map:
                writer.WriteStartObject();
                foreach ((YamlNode key, YamlNode value) in map.Children)
                {
                    writer.WritePropertyName(((YamlScalarNode)key).Value ?? "");
                    WriteJson(value, writer);
                }
                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (YamlNode item in sequence)
                    WriteJson(item, writer);
                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                string? text = scalar.Value;
                if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
                    writer.WriteStringValue(text);
                else if (text is null or "" or "~" or "null" or "Null" or "NULL")
                    writer.WriteNullValue();
                else if (text is "true" or "True" or "TRUE")
                    writer.WriteBooleanValue(true);
                else if (text is "false" or "False" or "FALSE")
                    writer.WriteBooleanValue(false);
                else if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
                    writer.WriteNumberValue(integer);
                else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && !double.IsInfinity(number) && char.IsAsciiDigit(text[^1]))
                    writer.WriteNumberValue(number);
                else
                    writer.WriteStringValue(text);
                break;
        }
    }

    private static string? Scalar(YamlMappingNode map, string key, string file, List<string> problems, bool required)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? node))
        {
            if (required)
                problems.Add($"{At(file, map.Start)}: missing '{key}'");
            return null;
        }
        if (node is YamlScalarNode { Value: { Length: > 0 } value })
            return value;
        problems.Add($"{At(file, node.Start)}: '{key}' must be a non-empty string");
        return null;
    }

    private static List<string> Names(YamlMappingNode map, string key, string file, List<string> problems)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? node))
            return [];
        if (node is YamlScalarNode { Value: { Length: > 0 } single })
            return [single];
        if (node is YamlSequenceNode sequence && sequence.All(n => n is YamlScalarNode { Value.Length: > 0 }))
            return sequence.Select(n => ((YamlScalarNode)n).Value!).ToList();
        problems.Add($"{At(file, node.Start)}: '{key}' is a rule name or a sequence of rule names");
        return [];
    }

    private static RuleTestLocation At(string file, Mark mark) => new(file, (int)mark.Line, (int)mark.Column);
}
