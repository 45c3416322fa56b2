using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Kite.Agent.Configuration;
using Kite.Protocol.Alerts;

namespace Kite.Agent.Outputs;

/// <summary>
/// Renders an alert the way Falco does. Text: `&lt;time&gt;: &lt;Priority&gt; &lt;output&gt;`, time local
/// `HH:MM:SS.nnnnnnnnn` or, with time_format_iso_8601, `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000`, the line
/// JSON-string-escaped. JSON (json_output): Falco's object with keys in alphabetical order, where
/// `output` is that full text line and `message` the bare rule output; readable by
/// <see cref="AlertJson.TryParse(ReadOnlySpan{byte}, out Alert?, out string?)"/>.
/// Not thread-safe (reuses one buffer): each output worker owns its formatter.
/// </summary>
internal sealed class AlertFormatter
{
    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        // Keep non-ASCII (file names, pod names) readable, as Falco does; still escapes controls and quotes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private readonly AlertFormatConfig _format;
    private readonly AlertJsonOptions _jsonOptions;
    private readonly string _hostname;
    private readonly TimeZoneInfo _localZone;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _json;

    public AlertFormatter(AlertFormatConfig format, string hostname, TimeZoneInfo? localZone = null)
    {
        _format = format;
        _jsonOptions = new AlertJsonOptions
        {
            IncludeOutput = format.IncludeOutput,
            IncludeOutputFields = format.IncludeOutputFields,
            IncludeTags = format.IncludeTags,
            IncludeMessage = format.IncludeMessage,
        };
        _hostname = hostname;
        _localZone = localZone ?? TimeZoneInfo.Local;
        _json = new Utf8JsonWriter(_buffer, s_writerOptions);
    }

    public bool IsJson => _format.Json;

    /// <summary>The media type of <see cref="Format"/>'s bytes (for the HTTP output).</summary>
    public string ContentType => _format.Json ? "application/json" : "text/plain";

    /// <summary>The alert as one line of UTF-8 (text or JSON per json_output), without the newline.</summary>
    /// <remarks>The span is valid until the next call.</remarks>
    public ReadOnlySpan<byte> Format(Alert alert)
    {
        _buffer.ResetWrittenCount();
        if (_format.Json)
        {
            _json.Reset(_buffer);
            WriteJson(_json, alert);
            _json.Flush();
        }
        else
        {
            WriteUtf8(_buffer, TextLine(alert));
        }
        return _buffer.WrittenSpan;
    }

    /// <summary>The text form `&lt;time&gt;: &lt;Priority&gt; &lt;output&gt;`, escaped like Falco.</summary>
    public string TextLine(Alert alert)
    {
        string raw = $"{FormatTime(alert.TimeUnixNanos)}: {alert.Priority.ToName()} {alert.Output}";
        return EscapeLikeJsonString(raw);
    }

    /// <summary>`HH:MM:SS.nnnnnnnnn` in local time, or ISO 8601 UTC with +0000 when configured.</summary>
    public string FormatTime(long unixNanos)
    {
        long seconds = AlertTime.Split(unixNanos, out int nanos);
        DateTime utc = DateTime.UnixEpoch.AddSeconds(seconds);
        if (_format.TimeIso8601)
            return string.Create(CultureInfo.InvariantCulture, $"{utc:yyyy-MM-dd'T'HH:mm:ss}.{nanos:D9}+0000");
        DateTime local = TimeZoneInfo.ConvertTimeFromUtc(utc, _localZone);
        return string.Create(CultureInfo.InvariantCulture, $"{local:HH:mm:ss}.{nanos:D9}");
    }

    private void WriteJson(Utf8JsonWriter w, Alert alert) =>
        AlertJson.Write(w, alert, _jsonOptions, $"{FormatTime(alert.TimeUnixNanos)}: {alert.Priority.ToName()} {alert.Output}", _hostname);

    /// <summary>JSON string escaping without the quotes: `"` `\` and control characters; the rest verbatim.</summary>
    internal static string EscapeLikeJsonString(string text)
    {
        int i = 0;
        while (i < text.Length && text[i] >= ' ' && text[i] != '"' && text[i] != '\\' && !char.IsSurrogate(text[i]))
            i++;
        if (i == text.Length)
            return text;
        var sb = new StringBuilder(text.Length + 16);
        sb.Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case < ' ': sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        sb.Append(c).Append(text[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        // A lone surrogate is invalid UTF-16; Falco replaces invalid UTF-8 the same way.
                        sb.Append('\uFFFD');
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        return sb.ToString();
    }

    private static void WriteUtf8(IBufferWriter<byte> buffer, string text)
    {
        Span<byte> span = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        buffer.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
