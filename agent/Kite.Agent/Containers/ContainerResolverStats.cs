using Kite.Agent.Diagnostics;

namespace Kite.Agent.Containers;

/// <summary>
/// Counters of the resolver, readable from any thread. Built by <see cref="ContainerMetrics.Register"/> they
/// are the samples of <c>kite_container_lookups_total{result=...}</c> on /metrics; built alone they just count.
/// </summary>
internal sealed class ContainerResolverStats
{
    internal int _reachableRuntimes;

    public ContainerResolverStats(CounterFamily? lookupResults = null, MetricCounter? evicted = null)
    {
        EvictedCounter = evicted ?? new MetricCounter();
        LookupCounter = lookupResults?.For("started") ?? new MetricCounter();
        ResolvedCounter = lookupResults?.For("resolved") ?? new MetricCounter();
        NotFoundCounter = lookupResults?.For("not_found") ?? new MetricCounter();
        UnavailableCounter = lookupResults?.For("runtime_unavailable") ?? new MetricCounter();
        RetryCounter = lookupResults?.For("retried") ?? new MetricCounter();
        ErrorCounter = lookupResults?.For("error") ?? new MetricCounter();
    }

    internal MetricCounter LookupCounter { get; }
    internal MetricCounter ResolvedCounter { get; }
    internal MetricCounter NotFoundCounter { get; }
    internal MetricCounter UnavailableCounter { get; }
    internal MetricCounter RetryCounter { get; }
    internal MetricCounter ErrorCounter { get; }
    internal MetricCounter EvictedCounter { get; }

    /// <summary>Lookups started (one per attempt).</summary>
    public long Lookups => LookupCounter.Value;

    /// <summary>Containers whose metadata was published.</summary>
    public long Resolved => ResolvedCounter.Value;

    /// <summary>Containers no runtime knew (after the retries).</summary>
    public long NotFound => NotFoundCounter.Value;

    /// <summary>Lookups that failed because no runtime could be reached.</summary>
    public long Unavailable => UnavailableCounter.Value;

    /// <summary>Lookups scheduled again after a failure or a not-found.</summary>
    public long Retries => RetryCounter.Value;

    /// <summary>Unexpected errors in a lookup (bugs or malformed runtime answers); the resolver keeps running.</summary>
    public long Errors => ErrorCounter.Value;

    /// <summary>Resolved containers dropped from the cache after all their processes had gone.</summary>
    public long Evicted => EvictedCounter.Value;

    /// <summary>Runtimes that answered their last call.</summary>
    public int ReachableRuntimes => Volatile.Read(ref _reachableRuntimes);

    public override string ToString()
        => $"lookups={Lookups} resolved={Resolved} not_found={NotFound} unavailable={Unavailable} retries={Retries} errors={Errors} evicted={Evicted} reachable_runtimes={ReachableRuntimes}";
}
