using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kite.Agent.Containers;

/// <summary>
/// Background worker that turns queued container ids into metadata: asks each runtime in turn, publishes
/// the first answer to the <see cref="ContainerCache"/>, retries with exponential backoff while no runtime
/// can be reached (fields stay &lt;NA&gt; meanwhile), and logs only on reachability transitions.
/// It never touches the capture thread: the cache's bounded queue is the only link.
/// </summary>
internal sealed class ContainerResolver : IAsyncDisposable
{
    private readonly ContainerCache _cache;
    private readonly IReadOnlyList<IContainerRuntimeClient> _runtimes;
    private readonly ContainerResolverOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly bool[] _reachable;
    private readonly ILogger _logger;

    // Loop-thread state only.
    private readonly PriorityQueue<ContainerId, DateTime> _retryQueue = new();
    private readonly Dictionary<ContainerId, int> _attempts = new();
    private Task? _loop;

    /// <param name="stats">Counters to update; pass <see cref="ContainerMetrics.Register"/>'s to export them on /metrics.</param>
    public ContainerResolver(ContainerCache cache, IReadOnlyList<IContainerRuntimeClient> runtimes, ContainerResolverOptions? options = null,
        ContainerResolverStats? stats = null)
    {
        _cache = cache;
        _runtimes = runtimes;
        _options = options ?? new ContainerResolverOptions();
        _reachable = new bool[runtimes.Count];
        _logger = _options.Logger ?? NullLogger.Instance;
        Stats = stats ?? new ContainerResolverStats();
    }

    public ContainerResolverStats Stats { get; }

    public ContainerResolverOptions Options => _options;

    /// <summary>Starts the loop (on the thread pool) after logging which runtimes answer. Returns at once.</summary>
    public void Start()
    {
        if (_loop is not null)
            throw new InvalidOperationException("The container resolver is already running.");
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Stops the loop and waits for it; pending lookups are abandoned.</summary>
    public async Task StopAsync()
    {
        if (_loop is null)
            return;
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _loop = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        foreach (IContainerRuntimeClient runtime in _runtimes)
            runtime.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        await ProbeRuntimesAsync(ct).ConfigureAwait(false);
        DateTime nextSweep = DateTime.UtcNow + _options.SweepInterval;
        while (!ct.IsCancellationRequested)
        {
            while (_cache.PendingLookups.TryRead(out ContainerId id))
                await ResolveSafelyAsync(id, ct).ConfigureAwait(false);

            DateTime now = DateTime.UtcNow;
            while (_retryQueue.TryPeek(out ContainerId due, out DateTime when) && when <= now)
            {
                _retryQueue.Dequeue();
                await ResolveSafelyAsync(due, ct).ConfigureAwait(false);
                now = DateTime.UtcNow;
            }

            if (now >= nextSweep)
            {
                Sweep(now);
                nextSweep = now + _options.SweepInterval;
            }

            DateTime wakeAt = nextSweep;
            if (_retryQueue.TryPeek(out _, out DateTime nextRetry) && nextRetry < wakeAt)
                wakeAt = nextRetry;
            TimeSpan wait = wakeAt - DateTime.UtcNow;
            if (wait <= TimeSpan.Zero || _cache.PendingLookups.TryPeek(out _))
                continue;
            await WaitForWorkAsync(wait, ct).ConfigureAwait(false);
        }
    }

    private async Task WaitForWorkAsync(TimeSpan wait, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(wait);
        try
        {
            await _cache.PendingLookups.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
    }

    private async Task ResolveSafelyAsync(ContainerId id, CancellationToken ct)
    {
        try
        {
            await ResolveAsync(id, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // A malformed answer must not stop metadata for every other container.
            Stats.ErrorCounter.Increment();
            ContainerLog.LookupError(_logger, id.ToString(), $"{e.GetType().Name}: {e.Message}");
            ScheduleRetry(id, notFound: false);
        }
    }

    private async Task ResolveAsync(ContainerId id, CancellationToken ct)
    {
        if (!_cache.TryGet(id, out ContainerInfo? info) || info.State == ContainerMetadataState.Resolved)
            return; // evicted meanwhile, or a duplicate request

        Stats.LookupCounter.Increment();
        bool anyAnswered = false;
        for (int i = 0; i < _runtimes.Count; i++)
        {
            ContainerLookupResult result = await _runtimes[i].LookupAsync(id, ct).ConfigureAwait(false);
            switch (result.Status)
            {
                case ContainerLookupStatus.Found:
                    await MarkReachableAsync(i, ct).ConfigureAwait(false);
                    // Count before publishing: whoever sees the metadata (a held alert, a test) also sees the count.
                    Stats.ResolvedCounter.Increment();
                    _attempts.Remove(id);
                    _cache.Publish(info, ContainerMetadata.FromRecord(result.Record!));
                    return;
                case ContainerLookupStatus.NotFound:
                    await MarkReachableAsync(i, ct).ConfigureAwait(false);
                    anyAnswered = true;
                    break;
                default:
                    MarkUnreachable(i, result.Error);
                    break;
            }
        }

        if (anyAnswered)
        {
            // Some runtime answered: a runtime that is down cannot hold this container forever hostage.
            int attempt = _attempts.GetValueOrDefault(id);
            if (attempt < _options.NotFoundRetries)
            {
                ScheduleRetry(id, notFound: true);
                return;
            }
            _attempts.Remove(id);
            _cache.Publish(info, null);
            Stats.NotFoundCounter.Increment();
            return;
        }

        Stats.UnavailableCounter.Increment();
        ScheduleRetry(id, notFound: false);
    }

    private void ScheduleRetry(ContainerId id, bool notFound)
    {
        int attempt = _attempts.GetValueOrDefault(id);
        _attempts[id] = attempt + 1;
        TimeSpan delay = notFound ? _options.RetryInitialDelay : Backoff(attempt);
        _retryQueue.Enqueue(id, DateTime.UtcNow + delay);
        Stats.RetryCounter.Increment();
    }

    private TimeSpan Backoff(int attempt)
    {
        double ms = _options.RetryInitialDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 20));
        return TimeSpan.FromMilliseconds(Math.Min(ms, _options.RetryMaxDelay.TotalMilliseconds));
    }

    private async Task ProbeRuntimesAsync(CancellationToken ct)
    {
        for (int i = 0; i < _runtimes.Count; i++)
        {
            try
            {
                string version = await _runtimes[i].GetVersionAsync(ct).ConfigureAwait(false);
                _reachable[i] = true;
                Interlocked.Increment(ref Stats._reachableRuntimes);
                ContainerLog.RuntimeReachable(_logger, _runtimes[i].Name, version);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // Unconfigured runtimes are normal (k3s socket on a kubeadm node): say it once, quietly.
                ContainerLog.RuntimeAbsentAtStart(_logger, _runtimes[i].Name, Containerd.ContainerdClient.Describe(e));
            }
        }
    }

    private async Task MarkReachableAsync(int runtime, CancellationToken ct)
    {
        if (_reachable[runtime])
            return;
        _reachable[runtime] = true;
        Interlocked.Increment(ref Stats._reachableRuntimes);
        string version = "unknown";
        try
        {
            version = await _runtimes[runtime].GetVersionAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not OutOfMemoryException)
        {
        }
        ContainerLog.RuntimeBack(_logger, _runtimes[runtime].Name, version);
        // Everything waiting on backoff gets a chance now instead of at its (up to RetryMaxDelay) due time.
        var waiting = new List<ContainerId>();
        while (_retryQueue.TryDequeue(out ContainerId id, out _))
            waiting.Add(id);
        DateTime now = DateTime.UtcNow;
        foreach (ContainerId id in waiting)
        {
            _attempts.Remove(id);
            _retryQueue.Enqueue(id, now);
        }
    }

    private void MarkUnreachable(int runtime, string? error)
    {
        if (!_reachable[runtime])
            return;
        _reachable[runtime] = false;
        Interlocked.Decrement(ref Stats._reachableRuntimes);
        ContainerLog.RuntimeUnreachable(_logger, _runtimes[runtime].Name, error ?? "no answer");
    }

    // Re-queues pending entries whose lookup was dropped (queue full); evicts long-unknown entries and exited containers.
    private void Sweep(DateTime now)
    {
        var scheduled = new HashSet<ContainerId>(_attempts.Keys);
        foreach (ContainerInfo info in _cache.Snapshot())
        {
            switch (info.State)
            {
                case ContainerMetadataState.Pending when !scheduled.Contains(info.Id):
                    _cache.TryEnqueueLookup(info.Id);
                    break;
                case ContainerMetadataState.NotFound when now - info.FirstSeenUtc > _options.NotFoundEvictionAge:
                    _cache.Remove(info.Id);
                    break;
                case ContainerMetadataState.Resolved when info.UnusedFor > _options.UnusedEvictionAge:
                    // Every process of the container is gone: it has exited. A process that shows up
                    // in it later (unlikely) gets a fresh entry and lookup.
                    _cache.Remove(info.Id);
                    Stats.EvictedCounter.Increment();
                    break;
            }
        }
    }
}
