using System.Globalization;
using System.Text;

namespace Kite.Agent.Diagnostics;

/// <summary>
/// Writes the Prometheus text exposition format (version 0.0.4): `# HELP`, `# TYPE`, then samples
/// `name{label="value"} number`, with HELP text and label values escaped as the format requires.
/// </summary>
internal sealed class PrometheusTextWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new(4096);

    public void WriteHeader(string name, string help, string type)
    {
        _text.Append("# HELP ").Append(name).Append(' ');
        AppendEscaped(help, escapeQuotes: false);
        _text.Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    public void WriteSample(string name, double value) => WriteSample(name, [], value);

    public void WriteSample(string name, ReadOnlySpan<(string Name, string Value)> labels, double value)
    {
        _text.Append(name);
        if (labels.Length > 0)
        {
            _text.Append('{');
            for (int i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                    _text.Append(',');
                _text.Append(labels[i].Name).Append("=\"");
                AppendEscaped(labels[i].Value, escapeQuotes: true);
                _text.Append('"');
            }
            _text.Append('}');
        }
        _text.Append(' ').Append(FormatValue(value)).Append('\n');
    }

    public override string ToString() => _text.ToString();

    public static string FormatValue(double value)
    {
        if (double.IsNaN(value))
            return "NaN";
        if (double.IsPositiveInfinity(value))
            return "+Inf";
        if (double.IsNegativeInfinity(value))
            return "-Inf";
        if (value == Math.Floor(value) && Math.Abs(value) < 1e15)
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>`\` and newline are escaped everywhere; `"` only inside label values.</summary>
    private void AppendEscaped(string text, bool escapeQuotes)
    {
        foreach (char c in text)
        {
            switch (c)
            {
                case '\\': _text.Append("\\\\"); break;
                case '\n': _text.Append("\\n"); break;
                case '"' when escapeQuotes: _text.Append("\\\""); break;
                default: _text.Append(c); break;
            }
        }
    }

    /// <summary>True for a valid metric or label name (`[a-zA-Z_:][a-zA-Z0-9_:]*`, no colon in labels).</summary>
    public static bool IsValidName(string name, bool isLabel = false)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
            return false;
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || (c == ':' && !isLabel)))
                return false;
        }
        return true;
    }
}
