namespace Kite.Agent.Configuration;

/// <summary>
/// `kite.http_output`: how hard the HTTP output tries before dropping an alert. The defaults
/// ride out a receiver restart of about a minute.
/// </summary>
internal sealed record HttpRetryConfig
{
    public int MaxAttempts { get; init; } = 12;

    public int InitialBackoffMs { get; init; } = 100;

    public int MaxBackoffMs { get; init; } = 10_000;
}
