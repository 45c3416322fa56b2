using System.Collections.Immutable;
using YamlDotNet.RepresentationModel;

namespace Kite.Agent.Configuration;

internal static partial class ConfigLoader
{
    /// <summary>
    /// `config_files`: more YAML files (or folders of *.yaml, in name order) merged over the main file,
    /// as Falco does for /etc/falco/config.d. Paths that do not exist are skipped. Strategies per entry:
    /// `append` (default: lists are appended, other keys replaced), `override` (keys replaced),
    /// `add-only` (only keys not set yet are added). Relative paths are relative to the main file.
    /// </summary>
    private static void MergeConfigFiles(YamlMappingNode root, string baseDir, ConfigSources sources, List<string> warnings, ImmutableArray<string>.Builder files)
    {
        var section = new ConfigSection(root, "", sources);
        YamlSequenceNode? entries = section.Sequence("config_files");
        if (entries is null)
            return;
        foreach (YamlNode entry in entries.Children)
        {
            string path;
            string strategy = "append";
            switch (entry)
            {
                case YamlScalarNode s:
                    path = s.Value ?? "";
                    break;
                case YamlMappingNode m:
                    var item = new ConfigSection(m, "config_files[]", sources);
                    path = item.String("path", "");
                    strategy = item.String("strategy", "append");
                    item.WarnUnknownKeys(warnings);
                    break;
                default:
                    throw section.Invalid("config_files", entry, "expected a path or {path, strategy}");
            }
            if (strategy is not ("append" or "override" or "add-only"))
                throw section.Invalid("config_files", entry, $"unknown strategy '{strategy}' (append, override or add-only)");
            if (path.Length == 0)
                continue;
            string full = Path.GetFullPath(path, baseDir);
            IEnumerable<string> toLoad = Directory.Exists(full)
                ? Directory.EnumerateFiles(full).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
                : File.Exists(full) ? [full] : [];
            foreach (string file in toLoad)
            {
                YamlMappingNode included = LoadFile(file, sources);
                files.Add(file);
                if (included.Children.ContainsKey(new YamlScalarNode("config_files")))
                {
                    warnings.Add($"config_files: {file} has its own config_files, which are not followed");
                    included.Children.Remove(new YamlScalarNode("config_files"));
                }
                Merge(root, included, strategy);
            }
        }
    }

    private static void Merge(YamlMappingNode target, YamlMappingNode source, string strategy)
    {
        foreach (var (key, value) in source.Children)
        {
            bool exists = target.Children.TryGetValue(key, out YamlNode? current);
            if (strategy == "add-only" && exists)
                continue;
            if (strategy == "append" && current is YamlSequenceNode list && value is YamlSequenceNode more)
            {
                foreach (YamlNode item in more.Children)
                    list.Add(item);
                continue;
            }
            target.Children[key] = value;
        }
    }
}
