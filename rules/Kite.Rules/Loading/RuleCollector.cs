using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using Version = System.Version;

namespace Kite.Rules.Loading;

/// <summary>
/// Reads rules files (YAML representation model: raw scalar text and positions) and collects their
/// items across files with Falco's define / append / override semantics (SPEC.md 1.1-1.11): every item
/// gets an increasing id; redefinition keeps the first index and bumps visibility; append/override
/// modify in place. Problems become <see cref="RuleDiagnostic"/>s; nothing here throws on bad input.
/// </summary>
internal sealed partial class RuleCollector
{
    private readonly List<RuleDiagnostic> _diagnostics;
    private readonly Dictionary<string, ListDefinition> _listsByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MacroDefinition> _macrosByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RuleDefinition> _rulesByName = new(StringComparer.Ordinal);
    private int _nextId;
    private RuleFileText _file = null!;

    public RuleCollector(List<RuleDiagnostic> diagnostics) => _diagnostics = diagnostics;

    /// <summary>Lists in index order (first definition order).</summary>
    public List<ListDefinition> Lists { get; } = [];

    public List<MacroDefinition> Macros { get; } = [];

    public List<RuleDefinition> Rules { get; } = [];

    public Version RequiredEngineVersion { get; private set; } = new(0, 0, 0);

    public List<(List<(string Name, Version Version)> Alternatives, SourceLocation Location)> PluginRequirements { get; } = [];

    public bool TryGetList(string name, out ListDefinition list) => _listsByName.TryGetValue(name, out list!);

    public bool TryGetMacro(string name, out MacroDefinition macro) => _macrosByName.TryGetValue(name, out macro!);

    /// <summary>Reads one file's items into the collection. Returns false if the file had errors.</summary>
    public bool Read(RuleFileText file)
    {
        _file = file;
        int errorsBefore = _diagnostics.Count(d => d.IsError);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(file.Content));
        }
        catch (YamlException e)
        {
            string reason = e.InnerException is YamlException inner ? inner.Message : e.Message;
            Error(RuleDiagnosticCode.LOAD_ERR_YAML_PARSE, Locate(e.Start), null, reason.Replace("\r", " ").Replace("\n", " ").Trim());
            return false;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
        {
            // YamlDotNet reports some malformed inputs with these instead of a YamlException: still a syntax error.
            Error(RuleDiagnosticCode.LOAD_ERR_YAML_PARSE, new SourceLocation(file.Name, 1, 1), null, $"invalid YAML ({e.Message})");
            return false;
        }

        foreach (YamlDocument document in stream.Documents)
        {
            YamlNode root = document.RootNode;
            if (IsNull(root))
                continue;
            if (root is not YamlSequenceNode items)
            {
                Error(RuleDiagnosticCode.LOAD_ERR_YAML_VALIDATE, Locate(root.Start), null, "Rules content is not yaml array of objects");
                continue;
            }
            foreach (YamlNode entry in items.Children)
            {
                if (IsNull(entry))
                    continue;
                if (entry is not YamlMappingNode map)
                {
                    Error(RuleDiagnosticCode.LOAD_ERR_YAML_VALIDATE, Locate(entry.Start), null, "Unexpected element type. Each element should be a yaml associative array.");
                    continue;
                }
                ReadItem(map);
            }
        }
        return _diagnostics.Count(d => d.IsError) == errorsBefore;
    }

    private void ReadItem(YamlMappingNode map)
    {
        var keys = new Dictionary<string, (YamlNode Key, YamlNode Value)>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Children)
        {
            if (key is YamlScalarNode { Value: { } name })
                keys.TryAdd(name, (key, value));
        }
        var item = new Item(this, map, keys);
        if (keys.ContainsKey("required_engine_version"))
            ReadEngineVersion(item);
        else if (keys.ContainsKey("required_plugin_versions"))
            ReadPluginVersions(item);
        else if (keys.ContainsKey("list"))
            ReadList(item);
        else if (keys.ContainsKey("macro"))
            ReadMacro(item);
        else if (keys.ContainsKey("rule"))
            ReadRule(item);
        else
            Warning(RuleDiagnosticCode.LOAD_UNKNOWN_ITEM, Locate(map.Start), null, "Unknown top level item");
    }

    private void ReadEngineVersion(Item item)
    {
        item.WarnUnknownKeys("required_engine_version");
        if (!item.TryScalar("required_engine_version", out string text, out YamlNode node))
            return;
        if (!TryParseEngineVersion(text, out Version? required))
        {
            Error(RuleDiagnosticCode.LOAD_ERR_YAML_VALIDATE, Locate(node.Start), null, $"Unable to parse engine version '{text}' as a semver string. Expected \"x.y.z\" semver format.");
            return;
        }
        Version engine = RuleEngineInfo.EngineVersion;
        if (required.Major != engine.Major || required > engine)
        {
            Error(RuleDiagnosticCode.LOAD_ERR_VALIDATE, Locate(node.Start), null, $"Rules require engine version {required.ToString(3)}, but engine version is {engine.ToString(3)}");
            return;
        }
        if (required > RequiredEngineVersion)
            RequiredEngineVersion = required;
    }

    internal static bool TryParseEngineVersion(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Version? version)
    {
        text = text.Trim();
        if (uint.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out uint legacy))
        {
            version = new Version(0, (int)Math.Min(legacy, int.MaxValue), 0);
            return true;
        }
        return TryParseSemver(text, out version);
    }

    internal static bool TryParseSemver(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Version? version)
    {
        version = null;
        string core = text.Trim();
        int cut = core.IndexOfAny(['-', '+']);
        if (cut >= 0)
            core = core[..cut];
        string[] parts = core.Split('.');
        if (parts.Length != 3)
            return false;
        var numbers = new int[3];
        for (int i = 0; i < 3; i++)
        {
            if (!int.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out numbers[i]))
                return false;
        }
        version = new Version(numbers[0], numbers[1], numbers[2]);
        return true;
    }

    private void ReadPluginVersions(Item item)
    {
        item.WarnUnknownKeys("required_plugin_versions");
        if (!item.TrySequence("required_plugin_versions", out YamlSequenceNode? entries))
            return;
        foreach (YamlNode entry in entries.Children)
        {
            if (entry is not YamlMappingNode map)
            {
                Error(RuleDiagnosticCode.LOAD_ERR_YAML_VALIDATE, Locate(entry.Start), null, "Value is not a mapping");
                continue;
            }
            var alternatives = new List<(string, Version)>();
            if (!TryPluginRequirement(map, alternatives))
                continue;
            var keys = map.Children.Where(p => p.Key is YamlScalarNode).ToDictionary(p => ((YamlScalarNode)p.Key).Value ?? "", p => p.Value, StringComparer.Ordinal);
            if (keys.TryGetValue("alternatives", out YamlNode? alts))
            {
                if (alts is not YamlSequenceNode altSequence)
                {
                    Error(RuleDiagnosticCode.LOAD_ERR_YAML_VALIDATE, Locate(alts.Start), null, "Value is not a sequence");
                    continue;
                }
                bool ok = true;
                foreach (YamlNode alt in altSequence.Children)
                {
                    if (alt is not YamlMappingNode altMap || !TryPluginRequirement(altMap, alternatives))
                    {
                        if (alt is not YamlMappingNode)
                            Error(RuleDiagnosticCode.LOAD_ERR_YAML_VALIDATE, Locate(alt.Start), null, "Value is not a mapping");
                        ok = false;
                        break;
                    }
                }
                if (!ok)
                    continue;
            }
            var names = new HashSet<string>(StringComparer.Ordinal);
            if (alternatives.Any(a => !names.Add(a.Item1)))
            {
                Error(RuleDiagnosticCode.LOAD_ERR_YAML_VALIDATE, Locate(entry.Start), null, "Multiple definitions of the same plugin name in one requirement");
                continue;
            }
            PluginRequirements.Add((alternatives, Locate(entry.Start)));
        }
    }

    private bool TryPluginRequirement(YamlMappingNode map, List<(string, Version)> into)
    {
        var item = new Item(this, map, map.Children.Where(p => p.Key is YamlScalarNode { Value: not null })
            .GroupBy(p => ((YamlScalarNode)p.Key).Value!).ToDictionary(g => g.Key, g => (g.First().Key, g.First().Value), StringComparer.Ordinal));
        if (!item.TryScalar("name", out string name, out _) || !item.TryScalar("version", out string versionText, out YamlNode versionNode))
            return false;
        if (!TryParseSemver(versionText, out Version? version))
        {
            Error(RuleDiagnosticCode.LOAD_ERR_YAML_VALIDATE, Locate(versionNode.Start), null, $"Invalid required version '{versionText}' for plugin '{name}'");
            return false;
        }
        into.Add((name, version));
        return true;
    }

    private int NextId() => ++_nextId;

    internal SourceLocation Locate(Mark mark) => mark.Index >= 0 && mark.Index <= _file.Content.Length && mark.Line > 0
        ? _file.Locate((int)mark.Index)
        : new SourceLocation(_file.Name, (int)Math.Max(mark.Line, 0), (int)Math.Max(mark.Column, 0));

    internal ScalarOrigin Origin(YamlScalarNode node) =>
        new(_file, (int)Math.Clamp(node.Start.Index, 0, _file.Content.Length), (int)Math.Clamp(node.End.Index, 0, _file.Content.Length), node.Style, node.Value ?? "");

    internal void Error(RuleDiagnosticCode code, SourceLocation location, string? item, string message) =>
        _diagnostics.Add(new RuleDiagnostic(code, location, item, message));

    internal void Warning(RuleDiagnosticCode code, SourceLocation location, string? item, string message) =>
        _diagnostics.Add(new RuleDiagnostic(code, location, item, message));

    internal static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>yaml-cpp's boolean spellings: y/yes/true/on, n/no/false/off, lower, Capitalised or UPPER.</summary>
    internal static bool TryParseBool(string text, out bool value)
    {
        switch (text)
        {
            case "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON":
                value = true;
                return true;
            case "n" or "N" or "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}
