using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Kite.Agent.Tests.Web;

/// <summary>
/// A strict reader of the Prometheus text format 0.0.4, written from the format's description:
/// HELP/TYPE once per family and before its samples, valid names, label values with only the
/// `\\`, `\"` and `\n` escapes, no duplicate series, parseable values, a final newline.
/// Throws <see cref="FormatException"/> naming the line on any violation.
/// </summary>
internal static partial class PrometheusTextParser
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public sealed record Family(string Name, string Help, string Type, List<Sample> Samples);

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();

    public static Dictionary<string, Family> Parse(string text)
    {
        if (text.Length > 0 && !text.EndsWith('\n'))
            throw new FormatException("the exposition must end with a newline");
        var families = new Dictionary<string, Family>(StringComparer.Ordinal);
        var series = new HashSet<string>(StringComparer.Ordinal);
        var helps = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] lines = text.Split('\n');
        for (int n = 0; n < lines.Length - 1; n++)
        {
            string line = lines[n];
            string where = $"line {n + 1}: '{line}'";
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                string rest = line[7..];
                int space = rest.IndexOf(' ', StringComparison.Ordinal);
                string name = space < 0 ? rest : rest[..space];
                if (!MetricName().IsMatch(name))
                    throw new FormatException($"{where}: bad metric name in HELP");
                if (!helps.TryAdd(name, Unescape(space < 0 ? "" : rest[(space + 1)..], allowQuote: false, where)))
                    throw new FormatException($"{where}: second HELP for {name}");
                continue;
            }
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                string[] parts = line[7..].Split(' ');
                if (parts.Length != 2 || !MetricName().IsMatch(parts[0]) || parts[1] is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                    throw new FormatException($"{where}: bad TYPE line");
                if (families.ContainsKey(parts[0]))
                    throw new FormatException($"{where}: second TYPE for {parts[0]}");
                if (!helps.TryGetValue(parts[0], out string? help))
                    throw new FormatException($"{where}: TYPE without a preceding HELP");
                families[parts[0]] = new Family(parts[0], help, parts[1], []);
                continue;
            }
            if (line.StartsWith('#') || line.Length == 0)
                throw new FormatException($"{where}: unexpected comment or blank line");

            Sample sample = ParseSample(line, where);
            if (!families.TryGetValue(sample.Name, out Family? family))
                throw new FormatException($"{where}: sample before its TYPE");
            if (families.Keys.Last() != sample.Name)
                throw new FormatException($"{where}: samples of {sample.Name} are not grouped after its TYPE");
            string key = sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";
            if (!series.Add(key))
                throw new FormatException($"{where}: duplicate series {key}");
            family.Samples.Add(sample);
        }
        return families;
    }

    private static Sample ParseSample(string line, string where)
    {
        int i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
            i++;
        string name = line[..i];
        if (!MetricName().IsMatch(name))
            throw new FormatException($"{where}: bad metric name");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                int eq = line.IndexOf('=', i);
                string label = line[i..eq];
                if (!LabelName().IsMatch(label) || labels.ContainsKey(label))
                    throw new FormatException($"{where}: bad or repeated label name '{label}'");
                if (line[eq + 1] != '"')
                    throw new FormatException($"{where}: label value must be quoted");
                var value = new StringBuilder();
                int j = eq + 2;
                for (; line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        value.Append(line[j] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException($"{where}: invalid escape \\{line[j]}"),
                        });
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }
                labels[label] = value.ToString();
                i = j + 1;
                if (line[i] == ',')
                    i++;
                else if (line[i] != '}')
                    throw new FormatException($"{where}: expected , or }} after a label");
            }
            i++;
        }
        if (i >= line.Length || line[i] != ' ')
            throw new FormatException($"{where}: expected a space before the value");
        string text = line[(i + 1)..];
        double v = text switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : throw new FormatException($"{where}: bad value '{text}'"),
        };
        return new Sample(name, labels, v);
    }

    private static string Unescape(string text, bool allowQuote, string where)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                sb.Append(text[i]);
                continue;
            }
            i++;
            sb.Append(i < text.Length ? text[i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                '"' when allowQuote => '"',
                _ => throw new FormatException($"{where}: invalid escape in HELP"),
            } : throw new FormatException($"{where}: trailing backslash"));
        }
        return sb.ToString();
    }
}
