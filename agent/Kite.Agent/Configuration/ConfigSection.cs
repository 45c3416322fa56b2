using System.Collections.Immutable;
using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kite.Agent.Configuration;

/// <summary>
/// Typed reads from one YAML mapping of the configuration. Every read marks its key as known, so
/// <see cref="WarnUnknownKeys"/> can report the rest; every bad value throws a
/// <see cref="ConfigException"/> naming the dotted key, the reason and where it came from.
/// </summary>
internal sealed class ConfigSection
{
    private readonly YamlMappingNode? _node;
    private readonly ConfigSources _sources;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public ConfigSection(YamlMappingNode? node, string path, ConfigSources sources)
    {
        _node = node;
        Path = path;
        _sources = sources;
    }

    /// <summary>Dotted path of this section (`` for the root).</summary>
    public string Path { get; }

    public bool Has(string key) => Raw(key) is not null;

    public string KeyPath(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public YamlNode? Raw(string key)
    {
        _known.Add(key);
        if (_node is null)
            return null;
        return _node.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value) ? value : null;
    }

    public ConfigSection Section(string key)
    {
        YamlNode? raw = Raw(key);
        if (raw is null || IsNull(raw))
            return new ConfigSection(null, KeyPath(key), _sources);
        if (raw is not YamlMappingNode map)
            throw Invalid(key, raw, "expected a mapping of keys");
        return new ConfigSection(map, KeyPath(key), _sources);
    }

    public bool Bool(string key, bool fallback)
    {
        if (Scalar(key) is not { } s)
            return fallback;
        switch (s.Value?.Trim().ToLowerInvariant())
        {
            case "true" or "yes" or "on": return true;
            case "false" or "no" or "off": return false;
            default: throw Invalid(key, s, $"expected true or false, got '{s.Value}'");
        }
    }

    public int Int(string key, int fallback, int min, int max)
    {
        if (Scalar(key) is not { } s)
            return fallback;
        if (!long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            throw Invalid(key, s, $"expected an integer, got '{s.Value}'");
        if (value < min || value > max)
            throw Invalid(key, s, $"{value} is out of range [{min}, {max}]");
        return (int)value;
    }

    public double Double(string key, double fallback, double min, double max)
    {
        if (Scalar(key) is not { } s)
            return fallback;
        if (!double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw Invalid(key, s, $"expected a number, got '{s.Value}'");
        if (value < min || value > max)
            throw Invalid(key, s, $"{value.ToString(CultureInfo.InvariantCulture)} is out of range [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]");
        return value;
    }

    public string String(string key, string fallback)
    {
        if (Scalar(key) is not { } s)
            return fallback;
        return s.Value ?? "";
    }

    /// <summary>A list of strings; a single scalar is a one-item list (as -o key=value gives).</summary>
    public ImmutableArray<string> StringList(string key, ImmutableArray<string> fallback)
    {
        YamlNode? raw = Raw(key);
        if (raw is null)
            return fallback;
        if (IsNull(raw))
            return [];
        if (raw is YamlScalarNode single)
            return string.IsNullOrEmpty(single.Value) ? [] : [single.Value];
        if (raw is not YamlSequenceNode seq)
            throw Invalid(key, raw, "expected a list of strings");
        var builder = ImmutableArray.CreateBuilder<string>(seq.Children.Count);
        foreach (YamlNode item in seq.Children)
        {
            if (item is not YamlScalarNode s)
                throw Invalid(key, item, "expected a list of strings, found a nested item");
            builder.Add(s.Value ?? "");
        }
        return builder.ToImmutable();
    }

    /// <summary>A sequence, or null when absent.</summary>
    public YamlSequenceNode? Sequence(string key)
    {
        YamlNode? raw = Raw(key);
        if (raw is null || IsNull(raw))
            return null;
        if (raw is not YamlSequenceNode seq)
            throw Invalid(key, raw, "expected a list");
        return seq;
    }

    /// <summary>Marks keys that are accepted for compatibility and have no effect in Kite.</summary>
    public void Accept(params ReadOnlySpan<string> keys)
    {
        foreach (string key in keys)
            _known.Add(key);
    }

    /// <summary>Adds one warning per key present in this section that no read asked for.</summary>
    public void WarnUnknownKeys(ICollection<string> warnings, string reason = "unknown key, ignored")
    {
        if (_node is null)
            return;
        foreach (var (keyNode, _) in _node.Children)
        {
            string key = keyNode is YamlScalarNode s ? s.Value ?? "" : keyNode.ToString();
            if (!_known.Contains(key))
                warnings.Add($"{KeyPath(key)}: {reason}{_sources.Describe(keyNode)}");
        }
    }

    public ConfigException Invalid(string key, YamlNode? node, string reason) =>
        new($"{KeyPath(key)}: {reason}{(node is null ? "" : _sources.Describe(node))}");

    private YamlScalarNode? Scalar(string key)
    {
        YamlNode? raw = Raw(key);
        if (raw is null || IsNull(raw))
            return null;
        if (raw is not YamlScalarNode s)
            throw Invalid(key, raw, "expected a single value, found a list or mapping");
        return s;
    }

    /// <summary>`key:` with nothing after it, or `~`/`null`: the default applies.</summary>
    internal static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain } s && (s.Value is null or "" or "~" or "null" or "Null" or "NULL");
}
