using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kite.Agent.Configuration;

internal static partial class ConfigLoader
{
    /// <summary>
    /// Applies the -o options in order. `key=value` sets a dotted path (creating mappings on the way);
    /// the value is YAML, so `rules_files=[a,b]` is a list. Repeating a key collects its values into a
    /// list (`-o rules_files=a -o rules_files=b`), and `key[]=value` appends to the list already there.
    /// </summary>
    private static void ApplyOverrides(YamlMappingNode root, IReadOnlyList<string> overrides, ConfigSources sources)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string option in overrides)
        {
            int eq = option.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                throw new ConfigException($"-o {option}: expected key=value (a dotted key such as file_output.enabled=true)");
            string key = option[..eq].Trim();
            bool append = key.EndsWith("[]", StringComparison.Ordinal);
            if (append)
                key = key[..^2];
            string[] path = key.Split('.');
            if (Array.Exists(path, p => p.Length == 0 || p.Contains('[', StringComparison.Ordinal)))
                throw new ConfigException($"-o {option}: '{key}' is not a dotted key (list indexes are not supported; use key=[a,b] or key[]=value)");

            YamlNode value = ParseValue(option[(eq + 1)..]);
            sources.AddCommandLine(value, $"-o {option}");

            YamlMappingNode parent = root;
            for (int i = 0; i < path.Length - 1; i++)
            {
                var name = new YamlScalarNode(path[i]);
                if (parent.Children.TryGetValue(name, out YamlNode? child) && child is YamlMappingNode m)
                {
                    parent = m;
                    continue;
                }
                if (child is YamlSequenceNode)
                    throw new ConfigException($"-o {option}: '{string.Join('.', path[..(i + 1)])}' is a list, not a mapping");
                var created = new YamlMappingNode();
                sources.AddCommandLine(created, $"-o {option}");
                parent.Children[name] = created;
                parent = created;
            }

            var leaf = new YamlScalarNode(path[^1]);
            bool repeated = !seen.Add(key);
            if ((append || repeated) && parent.Children.TryGetValue(leaf, out YamlNode? existing) && !ConfigSection.IsNull(existing))
            {
                var list = existing as YamlSequenceNode ?? new YamlSequenceNode(existing);
                AddItems(list, value);
                parent.Children[leaf] = list;
            }
            else if (append)
            {
                var list = new YamlSequenceNode();
                AddItems(list, value);
                parent.Children[leaf] = list;
            }
            else
            {
                parent.Children[leaf] = value;
            }
        }
    }

    private static void AddItems(YamlSequenceNode list, YamlNode value)
    {
        if (value is YamlSequenceNode items)
        {
            foreach (YamlNode item in items.Children)
                list.Add(item);
        }
        else
        {
            list.Add(value);
        }
    }

    /// <summary>The right side of -o as YAML (`true`, `5`, `[a,b]`, `{a: 1}`); text that is not valid YAML stays a string.</summary>
    private static YamlNode ParseValue(string text)
    {
        if (text.Trim().Length == 0)
            return new YamlScalarNode("");
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count > 0)
                return stream.Documents[0].RootNode;
        }
        catch (YamlException)
        {
        }
        catch (ArgumentException)
        {
        }
        return new YamlScalarNode(text);
    }
}
