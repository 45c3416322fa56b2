namespace Kite.Agent.Containers;

/// <summary>Counters of the resolver, readable from any thread (exported as metrics by <see cref="ContainerMetrics"/>).</summary>
internal sealed class ContainerResolverStats
{
    internal long _lookups;
    internal long _resolved;
    internal long _notFound;
    internal long _unavailable;
    internal long _retries;
    internal long _errors;
    internal int _reachableRuntimes;

    /// <summary>Lookups started (one per attempt).</summary>
    public long Lookups => Interlocked.Read(ref _lookups);

    /// <summary>Containers whose metadata was published.</summary>
    public long Resolved => Interlocked.Read(ref _resolved);

    /// <summary>Containers no runtime knew (after the retries).</summary>
    public long NotFound => Interlocked.Read(ref _notFound);

    /// <summary>Lookups that failed because no runtime could be reached.</summary>
    public long Unavailable => Interlocked.Read(ref _unavailable);

    /// <summary>Lookups scheduled again after a failure or a not-found.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Unexpected errors in a lookup (bugs or malformed runtime answers); the resolver keeps running.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Runtimes that answered their last call.</summary>
    public int ReachableRuntimes => Volatile.Read(ref _reachableRuntimes);

    public override string ToString()
        => $"lookups={Lookups} resolved={Resolved} not_found={NotFound} unavailable={Unavailable} retries={Retries} errors={Errors} reachable_runtimes={ReachableRuntimes}";
}
