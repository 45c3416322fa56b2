using System.Text.Json;

namespace Kite.Agent.Audit;

/// <summary>
/// One webhook request body split into audit events: an audit.k8s.io <c>EventList</c> (what the API
/// server's webhook backend sends) or a single <c>Event</c>. Owns the parsed document; the events'
/// <see cref="JsonElement"/>s are valid until <see cref="Dispose"/>.
/// </summary>
internal sealed class AuditBatch : IDisposable
{
    private readonly JsonDocument _document;

    private AuditBatch(JsonDocument document, List<JsonElement> events, int rejectedItems)
    {
        _document = document;
        Events = events;
        RejectedItems = rejectedItems;
    }

    /// <summary>The Event objects, in order.</summary>
    public IReadOnlyList<JsonElement> Events { get; }

    /// <summary>List items that were not Event objects (skipped).</summary>
    public int RejectedItems { get; }

    /// <summary>
    /// Parses <paramref name="body"/> (which must stay unchanged while the batch is in use). On failure
    /// returns false with a one-line reason suitable for the HTTP response.
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> body, out AuditBatch? batch, out string? error)
    {
        batch = null;
        if (body.IsEmpty)
        {
            error = "empty body: expected an audit.k8s.io EventList or Event as JSON";
            return false;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, AuditJson.DocumentOptions);
        }
        catch (JsonException e)
        {
            error = $"body is not valid JSON: {e.Message}";
            return false;
        }
        if (!TryCollect(document.RootElement, out List<JsonElement>? events, out int rejected, out error))
        {
            document.Dispose();
            return false;
        }
        batch = new AuditBatch(document, events!, rejected);
        return true;
    }

    private static bool TryCollect(JsonElement root, out List<JsonElement>? events, out int rejected, out string? error)
    {
        events = null;
        rejected = 0;
        error = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = $"expected a JSON object (audit.k8s.io EventList or Event), got {Describe(root.ValueKind)}";
            return false;
        }
        if (root.TryGetProperty("apiVersion", out JsonElement apiVersion) &&
            (apiVersion.ValueKind != JsonValueKind.String || !apiVersion.GetString()!.StartsWith("audit.k8s.io/", StringComparison.Ordinal)))
        {
            error = $"apiVersion {Quote(apiVersion)} is not audit.k8s.io/*";
            return false;
        }
        string? kind = root.TryGetProperty("kind", out JsonElement kindElement) && kindElement.ValueKind == JsonValueKind.String ? kindElement.GetString() : null;
        bool hasItems = root.TryGetProperty("items", out JsonElement items);
        if (kind == "EventList" || (kind is null && hasItems))
        {
            if (!hasItems || items.ValueKind != JsonValueKind.Array)
            {
                error = "EventList has no 'items' array";
                return false;
            }
            events = new List<JsonElement>(items.GetArrayLength());
            foreach (JsonElement item in items.EnumerateArray())
            {
                if (IsEvent(item))
                    events.Add(item);
                else
                    rejected++;
            }
            return true;
        }
        if (kind == "Event" || (kind is null && IsEvent(root)))
        {
            events = [root];
            return true;
        }
        error = kind is null
            ? "object is neither an audit EventList (no 'items') nor an audit Event (no 'auditID', 'stage' or 'verb')"
            : $"kind '{kind}' is not EventList or Event";
        return false;
    }

    // An Event is an object whose kind, if given, is Event, with at least one of the keys every audit record has.
    private static bool IsEvent(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
            return false;
        if (item.TryGetProperty("kind", out JsonElement kind) && !(kind.ValueKind == JsonValueKind.String && kind.GetString() == "Event"))
            return false;
        return item.TryGetProperty("auditID", out _) || item.TryGetProperty("stage", out _) || item.TryGetProperty("verb", out _);
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    private static string Quote(JsonElement value)
    {
        string text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        return "'" + (text.Length > 64 ? text[..64] + "..." : text) + "'";
    }

    public void Dispose() => _document.Dispose();
}
