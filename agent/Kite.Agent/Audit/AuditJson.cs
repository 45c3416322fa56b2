using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Kite.Agent.Audit;

/// <summary>JSON settings shared by the audit source: parsing limits and the compact rendering of non-string values.</summary>
internal static class AuditJson
{
    /// <summary>
    /// Audit events nest objects a few dozen levels at most (a pod spec in requestObject); the limit
    /// stops a hostile body from driving the parser deep. Comments and trailing commas are not JSON.
    /// </summary>
    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 128 };

    private static readonly JsonWriterOptions s_compact = new()
    {
        Indented = false,
        // Keep `<`, `>`, `&`, `+` and non-ASCII readable in outputs: the text is never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>
    /// The text a field yields for a JSON value, as the k8saudit and json plugins render it: a string's
    /// own characters, anything else (numbers, booleans, objects, arrays) as compact JSON text.
    /// </summary>
    public static string Render(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString()!;
            case JsonValueKind.True:
                return "true";
            case JsonValueKind.False:
                return "false";
            case JsonValueKind.Null:
                return "null";
            case JsonValueKind.Number:
                return value.GetRawText();
            default:
                var buffer = new ArrayBufferWriter<byte>(256);
                using (var writer = new Utf8JsonWriter(buffer, s_compact))
                    value.WriteTo(writer);
                return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }
}
