namespace Kite.Agent.Containers;

/// <summary>Behaviour of the background metadata resolver and of the first-alert hold.</summary>
internal sealed record ContainerResolverOptions
{
    /// <summary>
    /// How long the output path may hold an alert of a container whose metadata is still being looked up,
    /// so a new container's first alert already names its pod and image. Zero disables the hold.
    /// </summary>
    public TimeSpan FirstAlertWait { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>First retry delay after the runtime could not be reached; doubles per attempt.</summary>
    public TimeSpan RetryInitialDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Cap of the retry delay while the runtime stays unreachable.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Extra lookups of an id every reachable runtime said it does not know, spaced by <see cref="RetryInitialDelay"/>:
    /// covers a cgroup that shows up a moment before the runtime commits its record.
    /// </summary>
    public int NotFoundRetries { get; init; } = 1;

    /// <summary>How often pending entries whose lookup was dropped are re-queued and stale entries evicted.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Entries no runtime knows are dropped after this long (their processes are gone or untracked).</summary>
    public TimeSpan NotFoundEvictionAge { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Resolved entries no tracked thread has belonged to for this long are dropped (the container has exited).</summary>
    public TimeSpan UnusedEvictionAge { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Where transition lines go (runtime unreachable / reachable again); null discards them.</summary>
    public Microsoft.Extensions.Logging.ILogger? Logger { get; init; }
}
