namespace Kite.Agent.Configuration;

/// <summary>
/// A token bucket: <see cref="Rate"/> tokens per second, at most <see cref="MaxBurst"/> saved up.
/// A rate of 0 means unlimited.
/// </summary>
internal sealed record RateLimitConfig
{
    public double Rate { get; init; }

    public int MaxBurst { get; init; } = 1000;

    public bool IsUnlimited => Rate <= 0;
}
