using System.Diagnostics.CodeAnalysis;
using YamlDotNet.RepresentationModel;

namespace Kite.Rules.Loading;

internal sealed partial class RuleCollector
{
    /// <summary>One YAML mapping being read as an item, with Falco's key validation messages.</summary>
    private sealed class Item
    {
        private readonly RuleCollector _collector;
        private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _keys;

        public Item(RuleCollector collector, YamlMappingNode map, Dictionary<string, (YamlNode Key, YamlNode Value)> keys)
        {
            _collector = collector;
            Map = map;
            _keys = keys;
        }

        public YamlMappingNode Map { get; }

        /// <summary>`rule 'X'`, `macro 'Y'`, `list 'Z'` once the name is known.</summary>
        public string? Label { get; set; }

        public SourceLocation Location => _collector.Locate(Map.Start);

        public IEnumerable<string> Keys => _keys.Keys;

        public bool Has(string key) => _keys.ContainsKey(key);

        public YamlNode? Node(string key) => _keys.TryGetValue(key, out var pair) ? pair.Value : null;

        public SourceLocation LocationOf(string key) => _keys.TryGetValue(key, out var pair) ? _collector.Locate(pair.Value.Start) : Location;

        public SourceLocation KeyLocation(string key) => _keys.TryGetValue(key, out var pair) ? _collector.Locate(pair.Key.Start) : Location;

        public void Error(SourceLocation at, string message, RuleDiagnosticCode code = RuleDiagnosticCode.LOAD_ERR_YAML_VALIDATE) =>
            _collector.Error(code, at, Label, message);

        public void Warning(SourceLocation at, RuleDiagnosticCode code, string message) =>
            _collector.Warning(code, at, Label, message);

        public void WarnUnknownKeys(params string[] allowed)
        {
            foreach (var (name, (key, _)) in _keys)
            {
                if (Array.IndexOf(allowed, name) < 0)
                    Warning(_collector.Locate(key.Start), RuleDiagnosticCode.LOAD_UNKNOWN_KEY, $"Unknown key '{name}'. The key will be ignored.");
            }
        }

        /// <summary>A required, non-empty scalar.</summary>
        public bool TryScalar(string key, out string value, out YamlNode node)
        {
            value = "";
            node = Map;
            if (!_keys.TryGetValue(key, out var pair))
            {
                Error(Location, $"Item has no mapping for key '{key}'");
                return false;
            }
            node = pair.Value;
            if (IsNull(node))
            {
                Error(_collector.Locate(pair.Key.Start), $"Mapping for key '{key}' is empty");
                return false;
            }
            if (node is not YamlScalarNode scalar)
            {
                Error(_collector.Locate(node.Start), "Value is not a scalar value");
                return false;
            }
            value = scalar.Value ?? "";
            if (value.Length == 0)
            {
                Error(_collector.Locate(node.Start), "Value must be non-empty");
                return false;
            }
            return true;
        }

        /// <summary>An optional scalar: true with null when absent, false after reporting a wrong type.</summary>
        public bool TryOptionalScalar(string key, out YamlScalarNode? scalar)
        {
            scalar = null;
            if (!_keys.TryGetValue(key, out var pair))
                return true;
            if (pair.Value is YamlScalarNode s)
            {
                scalar = s;
                return true;
            }
            Error(_collector.Locate(pair.Value.Start), "Value is not a scalar value");
            return false;
        }

        /// <summary>An optional boolean (yaml-cpp spellings).</summary>
        public bool TryOptionalBool(string key, out bool? value)
        {
            value = null;
            if (!TryOptionalScalar(key, out YamlScalarNode? scalar))
                return false;
            if (scalar is null)
                return true;
            if (!TryParseBool(scalar.Value ?? "", out bool b))
            {
                Error(_collector.Locate(scalar.Start), $"Value for key '{key}' is not a boolean: '{scalar.Value}'");
                return false;
            }
            value = b;
            return true;
        }

        public bool TrySequence(string key, [NotNullWhen(true)] out YamlSequenceNode? sequence, string notSequence = "Value is not a sequence")
        {
            sequence = null;
            if (!_keys.TryGetValue(key, out var pair))
            {
                Error(Location, $"Item has no mapping for key '{key}'");
                return false;
            }
            if (pair.Value is YamlSequenceNode s)
            {
                sequence = s;
                return true;
            }
            if (IsNull(pair.Value))
            {
                sequence = new YamlSequenceNode();
                return true;
            }
            Error(_collector.Locate(pair.Value.Start), notSequence);
            return false;
        }

        /// <summary>A sequence of non-null scalars (list items, tags).</summary>
        public bool TryScalarSequence(string key, [NotNullWhen(true)] out List<string>? values)
        {
            values = null;
            if (!TrySequence(key, out YamlSequenceNode? sequence))
                return false;
            values = [];
            foreach (YamlNode node in sequence.Children)
            {
                if (node is not YamlScalarNode scalar)
                {
                    Error(_collector.Locate(node.Start), "Value is not a scalar value");
                    return false;
                }
                values.Add(scalar.Value ?? "");
            }
            return true;
        }

        /// <summary>The `override:` mapping: key to `append`/`replace`.</summary>
        public bool TryOverride([NotNullWhen(true)] out Dictionary<string, string>? operations, string[] appendable, string[] replaceable)
        {
            operations = null;
            if (!_keys.TryGetValue("override", out var pair))
                return false;
            if (pair.Value is not YamlMappingNode map)
            {
                Error(_collector.Locate(pair.Value.Start), "Value is not a mapping");
                return false;
            }
            operations = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in map.Children)
            {
                string key = (k as YamlScalarNode)?.Value ?? "";
                string op = (v as YamlScalarNode)?.Value ?? "";
                SourceLocation at = _collector.Locate(v.Start);
                if (op is not ("append" or "replace"))
                {
                    Error(at, $"Invalid override operation for key '{key}': '{op}'. Allowed values are: append, replace");
                    operations = null;
                    return false;
                }
                if (op == "append" && Array.IndexOf(appendable, key) < 0)
                {
                    Error(at, Array.IndexOf(replaceable, key) >= 0
                        ? $"Key '{key}' cannot be appended to, use 'replace' instead"
                        : $"Unexpected key '{key}' under 'override'");
                    operations = null;
                    return false;
                }
                if (op == "replace" && Array.IndexOf(replaceable, key) < 0)
                {
                    Error(at, $"Key '{key}' cannot be replaced");
                    operations = null;
                    return false;
                }
                if (!_keys.ContainsKey(key))
                {
                    Error(_collector.Locate(k.Start), $"An override is defined for '{key}' but no '{key}' key is present in the item");
                    operations = null;
                    return false;
                }
                operations[key] = op;
            }
            foreach (string key in _keys.Keys)
            {
                if ((Array.IndexOf(replaceable, key) >= 0 || Array.IndexOf(appendable, key) >= 0) && !operations.ContainsKey(key))
                {
                    Error(KeyLocation(key), $"Unexpected key '{key}': no corresponding entry under 'override' is defined.");
                    operations = null;
                    return false;
                }
            }
            return true;
        }
    }
}
