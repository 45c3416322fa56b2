namespace Kite.Protocol.Alerts;

/// <summary>
/// One alert in Falco's shape: what the agent emits and kite-sidekick receives.
/// Built once per rule match (off the per-event hot path), then shared read-only by every output.
/// </summary>
public sealed class Alert
{
    /// <summary>Name of the rule that matched (`rule`).</summary>
    public required string Rule { get; init; }

    public required AlertPriority Priority { get; init; }

    /// <summary>The rendered output line (`output`), without the time and priority prefix.</summary>
    public required string Output { get; init; }

    /// <summary>Event time, nanoseconds since the Unix epoch (UTC).</summary>
    public required long TimeUnixNanos { get; init; }

    /// <summary>Event source: `syscall`, `k8s_audit`, or `internal` for Kite's own alerts.</summary>
    public string Source { get; init; } = "syscall";

    public IReadOnlyList<string> Tags { get; init; } = [];

    public string Hostname { get; init; } = "";

    /// <summary>Field values of the output template, in template order, names as written in the rule.</summary>
    public IReadOnlyList<AlertField> OutputFields { get; init; } = [];

    /// <summary>Optional unique id (set by kite-sidekick on receipt, or by the agent when configured).</summary>
    public Guid? Uuid { get; init; }
}
