namespace Kite.Agent.State;

/// <summary>Bounds of the state tables: memory stays bounded whatever the machine does.</summary>
internal sealed record StateLimits
{
    /// <summary>Threads tracked at most; past it, dead then least recently seen threads are evicted.</summary>
    public int MaxThreads { get; init; } = 131_072;

    /// <summary>Fds tracked per process at most; past it, new fds are not tracked (counted).</summary>
    public int MaxFdsPerProcess { get; init; } = 4096;

    /// <summary>Pooled free entries kept for reuse; beyond this they are left to the GC.</summary>
    public int MaxPooledThreads { get; init; } = 4096;

    public int MaxPooledFds { get; init; } = 65_536;

    /// <summary>A thread not seen for this long (ns) and no longer in /proc is stale and may be evicted.</summary>
    public ulong StaleAfterNs { get; init; } = 10UL * 60 * 1_000_000_000;
}
