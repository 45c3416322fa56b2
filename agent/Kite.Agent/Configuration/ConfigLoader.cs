using System.Collections.Immutable;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kite.Agent.Configuration;

/// <summary>
/// Builds the <see cref="AgentConfig"/> the way Falco does: the file given with -c (or the
/// embedded defaults), then the files of its `config_files`, then each -o key=value, then -r
/// rules files replacing `rules_files`. Reads the YAML representation model by hand (no
/// reflection binding, AOT-safe). An invalid value throws <see cref="ConfigException"/> with one
/// line naming the key and the reason; unknown keys become warnings.
/// </summary>
internal static partial class ConfigLoader
{
    /// <param name="configPath">-c, or null for the embedded defaults.</param>
    /// <param name="rulesFiles">-r values; when any is given they replace rules_files.</param>
    /// <param name="overrides">-o key=value values, in command-line order.</param>
    public static ConfigLoadResult Load(string? configPath = null, IReadOnlyList<string>? rulesFiles = null, IReadOnlyList<string>? overrides = null)
    {
        var sources = new ConfigSources();
        var warnings = new List<string>();
        var files = ImmutableArray.CreateBuilder<string>();

        YamlMappingNode root;
        if (configPath is null)
        {
            root = new YamlMappingNode();
        }
        else
        {
            root = LoadFile(configPath, sources);
            files.Add(Path.GetFullPath(configPath));
            MergeConfigFiles(root, Path.GetDirectoryName(Path.GetFullPath(configPath))!, sources, warnings, files);
        }

        ApplyOverrides(root, overrides ?? [], sources);

        if (rulesFiles is { Count: > 0 })
        {
            var seq = new YamlSequenceNode(rulesFiles.Select(f => (YamlNode)new YamlScalarNode(f)));
            sources.AddCommandLine(seq, "-r");
            root.Children.Remove(new YamlScalarNode("rules_file"));
            root.Children[new YamlScalarNode("rules_files")] = seq;
        }

        AgentConfig config = Bind(new ConfigSection(root, "", sources), warnings) with { SourceFiles = files.ToImmutable() };
        return new ConfigLoadResult(config, [.. warnings.Distinct(StringComparer.Ordinal)]);
    }

    private static YamlMappingNode LoadFile(string path, ConfigSources sources)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"cannot read config file {path}: {e.Message}");
        }
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ConfigException($"{path}:{e.Start.Line}:{e.Start.Column}: invalid YAML: {OneLine(e.InnerException?.Message ?? e.Message)}");
        }
        catch (ArgumentException e)
        {
            // YamlDotNet reports a repeated key as an ArgumentException from the mapping's dictionary.
            throw new ConfigException($"{path}: invalid YAML: {OneLine(e.Message)}");
        }
        if (stream.Documents.Count == 0 || ConfigSection.IsNull(stream.Documents[0].RootNode))
            return new YamlMappingNode();
        if (stream.Documents[0].RootNode is not YamlMappingNode map)
            throw new ConfigException($"{path}: the configuration must be a mapping of keys (key: value)");
        sources.AddFile(map, path);
        return map;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
