using System.Globalization;
using System.Text.Json;

namespace Kite.Agent.Audit;

/// <summary>
/// One Kubernetes audit record (an audit.k8s.io/v1 <c>Event</c> object) as the k8s_audit source sees
/// it: the JSON element plus the numbering and timing the engine needs. Extracted field values are
/// cached per event (<see cref="AuditFieldSource"/>), so a rule set that reads `ka.user.name` fifty
/// times walks the JSON once.
/// </summary>
/// <remarks>
/// <see cref="Root"/> may point into a <see cref="JsonDocument"/> owned by someone else (the webhook
/// parses one document per request and hands out one event per list item): such an event is valid
/// only during the call that received it. Call <see cref="Detach"/> to keep it longer.
/// </remarks>
internal sealed class AuditEvent
{
    private Dictionary<(int Field, string? Argument), AuditFieldValue>? _cache;

    public AuditEvent(JsonElement root, ulong number, ulong receivedAtNanos)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new ArgumentException($"an audit event must be a JSON object, got {root.ValueKind}", nameof(root));
        Root = root;
        Number = number;
        // Never 0: `jevt.rawtime = 0` is the rule language's "never true" idiom for this source.
        TimestampNanos = ReadTimestamp(root) ?? (receivedAtNanos != 0 ? receivedAtNanos : NowNanos());
    }

    /// <summary>The event object.</summary>
    public JsonElement Root { get; }

    /// <summary>The source's sequence number (`evt.num`), starting at 1.</summary>
    public ulong Number { get; }

    /// <summary>
    /// Event time in nanoseconds since the Unix epoch (`evt.time`, `jevt.rawtime`): the stage
    /// timestamp the API server wrote, else the request's reception time, else when Kite received it
    /// (now, when the caller does not say).
    /// </summary>
    public ulong TimestampNanos { get; }

    /// <summary>Nanoseconds since the Unix epoch, now.</summary>
    public static ulong NowNanos() => (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100UL;

    /// <summary>Parses one audit event from JSON text (tests, rule tests, files). The result owns its memory.</summary>
    public static AuditEvent Parse(string json, ulong number = 1, ulong receivedAtNanos = 0)
    {
        using JsonDocument document = JsonDocument.Parse(json, AuditJson.DocumentOptions);
        return new AuditEvent(document.RootElement.Clone(), number, receivedAtNanos);
    }

    /// <summary>A copy whose JSON no longer depends on the document it was read from.</summary>
    public AuditEvent Detach() => new(Root.Clone(), Number, TimestampNanos);

    internal bool TryGetCached(int field, string? argument, out AuditFieldValue value)
    {
        if (_cache is not null && _cache.TryGetValue((field, argument), out value!))
            return true;
        value = null!;
        return false;
    }

    internal void Cache(int field, string? argument, AuditFieldValue value) => (_cache ??= [])[(field, argument)] = value;

    private static ulong? ReadTimestamp(JsonElement root)
    {
        foreach (string name in (ReadOnlySpan<string>)["stageTimestamp", "requestReceivedTimestamp"])
        {
            if (root.TryGetProperty(name, out JsonElement stamp) && stamp.ValueKind == JsonValueKind.String &&
                DateTimeOffset.TryParse(stamp.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time) &&
                time > DateTimeOffset.UnixEpoch)
            {
                return (ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100UL;
            }
        }
        return null;
    }

    public override string ToString() =>
        $"audit event {Number} {AuditFieldExtractor.Text(Root, "verb")} {AuditFieldExtractor.Text(Root, "requestURI")}";
}
