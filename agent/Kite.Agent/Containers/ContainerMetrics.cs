using System.Diagnostics.Metrics;

namespace Kite.Agent.Containers;

/// <summary>
/// The container cache and resolver as OpenTelemetry-style instruments on the meter "Kite.Agent.Containers"
/// (observable, so nothing is recorded on the capture thread).
/// </summary>
internal sealed class ContainerMetrics : IDisposable
{
    public const string MeterName = "Kite.Agent.Containers";

    private readonly Meter _meter = new(MeterName);

    public ContainerMetrics(ContainerCache cache, ContainerResolverStats stats)
    {
        _meter.CreateObservableGauge("kite.containers.cached", () => cache.Count, description: "Containers in the agent's cache");
        _meter.CreateObservableCounter("kite.containers.lookups", () => stats.Lookups, description: "Runtime lookups started");
        _meter.CreateObservableCounter("kite.containers.resolved", () => stats.Resolved, description: "Containers whose metadata was fetched");
        _meter.CreateObservableCounter("kite.containers.not_found", () => stats.NotFound, description: "Containers no runtime knew");
        _meter.CreateObservableCounter("kite.containers.runtime_unavailable", () => stats.Unavailable, description: "Lookups that found no reachable runtime");
        _meter.CreateObservableCounter("kite.containers.lookup_queue_drops", () => cache.QueueDrops, description: "New containers that did not fit the lookup queue (retried by the sweep)");
        _meter.CreateObservableGauge("kite.containers.reachable_runtimes", () => stats.ReachableRuntimes, description: "Runtimes that answered their last call");
    }

    public void Dispose() => _meter.Dispose();
}
