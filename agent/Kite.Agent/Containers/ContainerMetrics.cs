using Kite.Agent.Diagnostics;

namespace Kite.Agent.Containers;

/// <summary>Puts the container cache and resolver on /metrics (<see cref="AgentMetrics"/>).</summary>
internal static class ContainerMetrics
{
    /// <summary>
    /// Registers <c>kite_container_lookups_total{result}</c>, <c>kite_containers_cached</c>,
    /// <c>kite_container_runtimes_reachable</c>, <c>kite_container_lookup_queue_drops_total</c> and
    /// <c>kite_containers_evicted_total</c>, and returns the
    /// stats object to hand to the <see cref="ContainerResolver"/> so its counters are those samples.
    /// </summary>
    public static ContainerResolverStats Register(AgentMetrics metrics, ContainerCache cache)
    {
        CounterFamily lookups = metrics.AddCounterFamily("kite_container_lookups_total",
            "Container runtime lookups by result (started, resolved, not_found, runtime_unavailable, retried, error).", "result");
        var stats = new ContainerResolverStats(lookups,
            metrics.AddCounter("kite_containers_evicted_total", "Exited containers dropped from the cache once none of their processes was left."));
        metrics.AddGaugeCallback("kite_containers_cached", "Containers in the agent's cache (seen in a process cgroup).", () => cache.Count);
        metrics.AddGaugeCallback("kite_container_runtimes_reachable", "Container runtimes that answered their last call.", () => stats.ReachableRuntimes);
        metrics.AddCounterCallback("kite_container_lookup_queue_drops_total", "New containers that did not fit the lookup queue (picked up later by the sweep).", () => cache.QueueDrops);
        return stats;
    }
}
