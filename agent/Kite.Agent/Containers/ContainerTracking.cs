using Kite.Agent.Diagnostics;

namespace Kite.Agent.Containers;

/// <summary>
/// The container side of the agent in one object, for `kite run`: the <see cref="ContainerCache"/> the
/// capture thread observes into and the field extractors read, and the running <see cref="ContainerResolver"/>
/// that fills it from the runtimes. Start it before the /proc scan so seeded containers are looked up at once.
/// </summary>
internal sealed class ContainerTracking : IAsyncDisposable
{
    private ContainerTracking(ContainerCache cache, ContainerResolver resolver)
    {
        Cache = cache;
        Resolver = resolver;
    }

    public ContainerCache Cache { get; }

    public ContainerResolver Resolver { get; }

    /// <summary>The first-alert hold the output path applies (<see cref="ContainerCache.HoldFirstAlertAsync"/>).</summary>
    public TimeSpan FirstAlertWait => Resolver.Options.FirstAlertWait;

    /// <summary>Creates the cache, a client per configured runtime socket, registers the metrics and starts the resolver.</summary>
    public static ContainerTracking Start(ContainerRuntimeOptions runtime, ContainerResolverOptions? resolver = null, AgentMetrics? metrics = null,
        int lookupQueueCapacity = 1024)
    {
        var cache = new ContainerCache(lookupQueueCapacity);
        ContainerResolverStats? stats = metrics is null ? null : ContainerMetrics.Register(metrics, cache);
        var running = new ContainerResolver(cache, runtime.CreateClients(), resolver, stats);
        running.Start();
        return new ContainerTracking(cache, running);
    }

    public async ValueTask DisposeAsync() => await Resolver.DisposeAsync().ConfigureAwait(false);
}
