using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Kite.Protocol.Alerts;

/// <summary>
/// Reads and writes Falco's JSON alert: {"uuid","output","priority","rule","time","output_fields",
/// "source","tags","hostname"}. `time` is RFC 3339 UTC with 9 fractional digits.
/// </summary>
public static class AlertJson
{
    /// <summary>Formats ns since the epoch as `2026-11-21T23:01:02.123456789Z`.</summary>
    public static string FormatTime(long unixNanos)
    {
        long seconds = AlertTime.Split(unixNanos, out int nanos);
        DateTime t = DateTime.UnixEpoch.AddSeconds(seconds);
        return string.Create(CultureInfo.InvariantCulture, $"{t:yyyy-MM-ddTHH:mm:ss}.{nanos:D9}Z");
    }

    /// <summary>Parses an RFC 3339 time with up to 9 fractional digits into ns since the epoch.</summary>
    public static bool TryParseTime(string text, out long unixNanos)
    {
        unixNanos = 0;
        int dot = text.IndexOf('.', StringComparison.Ordinal);
        string whole = dot < 0 ? text : text[..dot] + text[FindZone(text, dot)..];
        if (!DateTimeOffset.TryParse(whole, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto))
            return false;
        long nanos = 0;
        if (dot >= 0)
        {
            int end = FindZone(text, dot);
            string frac = text[(dot + 1)..end];
            if (frac.Length is 0 or > 9 || !long.TryParse(frac.PadRight(9, '0'), NumberStyles.None, CultureInfo.InvariantCulture, out nanos))
                return false;
        }
        unixNanos = (dto.UtcTicks - DateTime.UnixEpoch.Ticks) * 100 + nanos;
        return true;
    }

    private static int FindZone(string text, int dot)
    {
        int i = dot + 1;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
            i++;
        return i;
    }

    /// <summary>
    /// Writes the alert as Falco does: keys in alphabetical order, tags sorted and unique, `output_fields`
    /// with JSON types. <paramref name="outputLine"/> is the `output` text (Falco's is the full
    /// `time: Priority message` line); null writes the bare message. <paramref name="defaultHostname"/>
    /// fills an alert that has none.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, Alert alert, AlertJsonOptions? options = null, string? outputLine = null, string? defaultHostname = null)
    {
        options ??= AlertJsonOptions.Default;
        writer.WriteStartObject();
        writer.WriteString("hostname", alert.Hostname.Length > 0 ? alert.Hostname : defaultHostname ?? "");
        if (options.IncludeMessage)
            writer.WriteString("message", alert.Output);
        if (options.IncludeOutput)
            writer.WriteString("output", outputLine ?? alert.Output);
        if (options.IncludeOutputFields)
        {
            writer.WritePropertyName("output_fields");
            writer.WriteStartObject();
            foreach (AlertField field in alert.OutputFields)
            {
                writer.WritePropertyName(field.Name);
                WriteValue(writer, field.Value);
            }
            writer.WriteEndObject();
        }
        writer.WriteString("priority", alert.Priority.ToName());
        writer.WriteString("rule", alert.Rule);
        writer.WriteString("source", alert.Source);
        if (options.IncludeTags)
        {
            writer.WritePropertyName("tags");
            writer.WriteStartArray();
            string? previous = null;
            foreach (string tag in alert.Tags.Order(StringComparer.Ordinal))
            {
                if (tag != previous)
                    writer.WriteStringValue(tag);
                previous = tag;
            }
            writer.WriteEndArray();
        }
        writer.WriteString("time", FormatTime(alert.TimeUnixNanos));
        if (alert.Uuid is Guid uuid)
            writer.WriteString("uuid", uuid.ToString("D"));
        writer.WriteEndObject();
    }

    public static byte[] ToUtf8(Alert alert, AlertJsonOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
            Write(writer, alert, options);
        return buffer.WrittenSpan.ToArray();
    }

    public static string ToJson(Alert alert, AlertJsonOptions? options = null) => Encoding.UTF8.GetString(ToUtf8(alert, options));

    private static void WriteValue(Utf8JsonWriter writer, AlertFieldValue value)
    {
        switch (value.Kind)
        {
            case AlertFieldKind.String: writer.WriteStringValue(value.AsString); break;
            case AlertFieldKind.Int64: writer.WriteNumberValue(value.AsInt64); break;
            case AlertFieldKind.UInt64: writer.WriteNumberValue(value.AsUInt64); break;
            case AlertFieldKind.Double: writer.WriteNumberValue(value.AsDouble); break;
            case AlertFieldKind.Bool: writer.WriteBooleanValue(value.AsBool); break;
            case AlertFieldKind.StringList:
                writer.WriteStartArray();
                foreach (string item in value.AsList)
                    writer.WriteStringValue(item);
                writer.WriteEndArray();
                break;
            default: writer.WriteNullValue(); break;
        }
    }

    /// <summary>
    /// Parses one JSON alert. Returns false with a one-line reason for anything that is not
    /// a Falco-shaped alert (missing rule/priority/time/output, wrong types, bad time).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out Alert? alert, out string? error)
    {
        alert = null;
        try
        {
            using var doc = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
            return TryParse(doc.RootElement, out alert, out error);
        }
        catch (JsonException e)
        {
            error = $"invalid JSON: {e.Message}";
            return false;
        }
    }

    public static bool TryParse(JsonElement root, out Alert? alert, out string? error)
    {
        alert = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "an alert must be a JSON object";
            return false;
        }
        if (!TryGetString(root, "rule", out string? rule, out error) || rule is null)
        {
            error ??= "missing \"rule\"";
            return false;
        }
        if (!TryGetString(root, "priority", out string? priorityText, out error) || priorityText is null)
        {
            error ??= "missing \"priority\"";
            return false;
        }
        if (!AlertPriorityNames.TryParse(priorityText, out var priority))
        {
            error = $"unknown priority '{priorityText}'";
            return false;
        }
        if (!TryGetString(root, "output", out string? output, out error))
            return false;
        if (!TryGetString(root, "time", out string? timeText, out error) || timeText is null)
        {
            error ??= "missing \"time\"";
            return false;
        }
        if (!TryParseTime(timeText, out long time))
        {
            error = $"\"time\" is not an RFC 3339 timestamp: '{timeText}'";
            return false;
        }
        TryGetString(root, "source", out string? source, out _);
        TryGetString(root, "hostname", out string? hostname, out _);
        Guid? uuid = null;
        if (TryGetString(root, "uuid", out string? uuidText, out _) && uuidText is not null && Guid.TryParse(uuidText, out Guid g))
            uuid = g;

        var tags = new List<string>();
        if (root.TryGetProperty("tags", out JsonElement tagsElement) && tagsElement.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement t in tagsElement.EnumerateArray())
            {
                if (t.ValueKind == JsonValueKind.String)
                    tags.Add(t.GetString()!);
            }
        }
        var fields = new List<AlertField>();
        if (root.TryGetProperty("output_fields", out JsonElement fieldsElement))
        {
            if (fieldsElement.ValueKind != JsonValueKind.Object)
            {
                error = "\"output_fields\" must be an object";
                return false;
            }
            foreach (JsonProperty p in fieldsElement.EnumerateObject())
                fields.Add(new AlertField(p.Name, ReadValue(p.Value)));
        }
        alert = new Alert
        {
            Rule = rule,
            Priority = priority,
            Output = output ?? "",
            TimeUnixNanos = time,
            Source = source ?? "syscall",
            Hostname = hostname ?? "",
            Tags = tags,
            OutputFields = fields,
            Uuid = uuid,
        };
        error = null;
        return true;
    }

    private static AlertFieldValue ReadValue(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => AlertFieldValue.FromString(e.GetString()!),
        JsonValueKind.True => AlertFieldValue.FromBool(true),
        JsonValueKind.False => AlertFieldValue.FromBool(false),
        JsonValueKind.Number when e.TryGetInt64(out long l) => AlertFieldValue.FromInt64(l),
        JsonValueKind.Number when e.TryGetUInt64(out ulong u) => AlertFieldValue.FromUInt64(u),
        JsonValueKind.Number => AlertFieldValue.FromDouble(e.GetDouble()),
        JsonValueKind.Null => AlertFieldValue.Null,
        JsonValueKind.Array => AlertFieldValue.FromList(e.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.String ? i.GetString()! : i.GetRawText()).ToList()),
        _ => AlertFieldValue.FromString(e.GetRawText()),
    };

    private static bool TryGetString(JsonElement root, string name, out string? value, out string? error)
    {
        value = null;
        error = null;
        if (!root.TryGetProperty(name, out JsonElement e) || e.ValueKind == JsonValueKind.Null)
            return true;
        if (e.ValueKind != JsonValueKind.String)
        {
            error = $"\"{name}\" must be a string";
            return false;
        }
        value = e.GetString();
        return true;
    }
}
