using YamlDotNet.RepresentationModel;

namespace Kite.Agent.Configuration;

/// <summary>
/// Remembers which file each YAML node came from, so an error can say `(falco.yaml:12:5)`; nodes
/// built from -o/-r carry no file and are described as coming from the command line.
/// </summary>
internal sealed class ConfigSources
{
    private readonly Dictionary<YamlNode, string> _files = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<YamlNode, string> _commandLine = new(ReferenceEqualityComparer.Instance);

    public void AddFile(YamlNode root, string file)
    {
        foreach (YamlNode node in root.AllNodes)
            _files[node] = file;
    }

    public void AddCommandLine(YamlNode root, string option)
    {
        foreach (YamlNode node in root.AllNodes)
            _commandLine[node] = option;
    }

    public string Describe(YamlNode node)
    {
        if (_commandLine.TryGetValue(node, out string? option))
            return $" (from {option})";
        if (_files.TryGetValue(node, out string? file))
            return $" ({file}:{node.Start.Line}:{node.Start.Column})";
        return "";
    }
}
