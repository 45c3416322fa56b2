using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Kite.Agent.Containers;

/// <summary>
/// Every container the agent has seen, keyed by id. The capture thread calls <see cref="Observe"/> when a
/// process's cgroup names a container: a known id costs one lock-free lookup; a new id gets a pending
/// <see cref="ContainerInfo"/> at once (so container.id is right from the first event) and is queued for
/// the background <see cref="ContainerResolver"/>, which fills in the metadata. Nothing here blocks.
/// </summary>
internal sealed class ContainerCache
{
    private readonly ConcurrentDictionary<ContainerId, ContainerInfo> _entries = new();
    private readonly ConcurrentDictionary<ContainerId, TaskCompletionSource<ContainerInfo>> _waiters = new();
    private readonly Channel<ContainerId> _lookups;
    private long _queueDrops;

    public ContainerCache(int lookupQueueCapacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lookupQueueCapacity, 1);
        _lookups = Channel.CreateBounded<ContainerId>(new BoundedChannelOptions(lookupQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails instead of blocking; we count it
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>Number of containers in the cache (host excluded).</summary>
    public int Count => _entries.Count;

    /// <summary>New ids that did not fit in the lookup queue; the resolver's sweep picks them up later.</summary>
    public long QueueDrops => Interlocked.Read(ref _queueDrops);

    /// <summary>Ids waiting for a lookup (read by the resolver).</summary>
    internal ChannelReader<ContainerId> PendingLookups => _lookups.Reader;

    /// <summary>
    /// The entry for <paramref name="id"/>, created (pending) and queued for lookup when new.
    /// Capture-thread safe and non-blocking; allocates only the first time an id is seen.
    /// </summary>
    public ContainerInfo Observe(ContainerId id, ContainerRuntimeKind runtimeHint = ContainerRuntimeKind.Unknown)
    {
        if (id.IsHost)
            return ContainerInfo.Host;
        if (_entries.TryGetValue(id, out ContainerInfo? known))
            return known;
        return AddSlow(id, runtimeHint);
    }

    /// <summary>Parses a cgroup file's content (/proc/PID/cgroup) and observes the container it names, or returns the host entry.</summary>
    public ContainerInfo ObserveProcCgroup(ReadOnlySpan<byte> procCgroupContent)
        => CgroupContainerIdParser.TryParseProcCgroup(procCgroupContent, out ContainerId id, out ContainerRuntimeKind kind)
            ? Observe(id, kind)
            : ContainerInfo.Host;

    /// <summary>
    /// Parses the probe's NUL-separated <c>controllers=path</c> cgroup list (clone/execve parameter, the thread
    /// table's copy) and observes the container it names, or returns the host entry. Capture-thread safe.
    /// </summary>
    public ContainerInfo ObserveCgroupList(ReadOnlySpan<byte> cgroupList)
        => CgroupContainerIdParser.TryParseCgroupList(cgroupList, out ContainerId id, out ContainerRuntimeKind kind)
            ? Observe(id, kind)
            : ContainerInfo.Host;

    /// <summary>The entry for <paramref name="id"/> if it was observed (the host always is). Lock-free, allocation-free.</summary>
    public bool TryGet(ContainerId id, out ContainerInfo info)
    {
        if (id.IsHost)
        {
            info = ContainerInfo.Host;
            return true;
        }
        return _entries.TryGetValue(id, out info!);
    }

    /// <summary>Finds an entry by its 12-character short id or 64-character full id (CLI and tests).</summary>
    public ContainerInfo? Find(string id)
    {
        if (id == "host")
            return ContainerInfo.Host;
        if (ContainerId.TryParse(id.AsSpan(), out ContainerId full))
            return TryGet(full, out ContainerInfo? info) ? info : null;
        foreach (ContainerInfo info in _entries.Values)
        {
            if (info.Id.ToString() == id)
                return info;
        }
        return null;
    }

    /// <summary>A point-in-time copy of every entry.</summary>
    public IReadOnlyList<ContainerInfo> Snapshot() => _entries.Values.ToArray();

    /// <summary>
    /// Waits at most <paramref name="timeout"/> for the container's metadata lookup to finish (resolved or
    /// not found), for holding the first alerts of a new container until they can carry its pod and image.
    /// Returns at once when the lookup is already done, the id is the host or unknown to the cache.
    /// The returned entry may still be pending when the wait timed out.
    /// </summary>
    public async ValueTask<ContainerInfo?> WaitForMetadataAsync(ContainerId id, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (!TryGet(id, out ContainerInfo? info))
            return null;
        if (info.State != ContainerMetadataState.Pending || timeout <= TimeSpan.Zero)
            return info;

        TaskCompletionSource<ContainerInfo> waiter = _waiters.GetOrAdd(id,
            static _ => new TaskCompletionSource<ContainerInfo>(TaskCreationOptions.RunContinuationsAsynchronously));
        // The resolver may have published between the state check and the registration.
        if (info.State != ContainerMetadataState.Pending)
        {
            CompleteWaiters(info);
            return info;
        }
        try
        {
            await waiter.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
        return info;
    }

    /// <summary>
    /// True when an alert about <paramref name="info"/> should be held before it is formatted: the lookup is
    /// still pending and the container was first seen less than <paramref name="firstAlertWait"/> ago. Older
    /// pending containers (runtime down) are never held, so a dead runtime cannot slow every alert.
    /// </summary>
    public static bool ShouldHoldFirstAlert(ContainerInfo info, TimeSpan firstAlertWait)
        => info.State == ContainerMetadataState.Pending && firstAlertWait > TimeSpan.Zero
           && DateTime.UtcNow - info.FirstSeenUtc < firstAlertWait;

    /// <summary>
    /// The bounded first-alert hold: waits until the container's metadata lookup finishes, but never past
    /// <c>FirstSeenUtc + firstAlertWait</c>. Returns at once when <see cref="ShouldHoldFirstAlert"/> is false.
    /// Re-render the container fields from <paramref name="info"/> afterwards.
    /// </summary>
    public async ValueTask HoldFirstAlertAsync(ContainerInfo info, TimeSpan firstAlertWait, CancellationToken cancellationToken = default)
    {
        if (!ShouldHoldFirstAlert(info, firstAlertWait))
            return;
        TimeSpan remaining = info.FirstSeenUtc + firstAlertWait - DateTime.UtcNow;
        if (remaining > TimeSpan.Zero)
            await WaitForMetadataAsync(info.Id, remaining, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops an entry (container gone). Threads that still reference it keep reading its last metadata.</summary>
    public bool Remove(ContainerId id) => _entries.TryRemove(id, out _);

    /// <summary>Publishes a lookup result and wakes the waiters. Resolver only.</summary>
    internal void Publish(ContainerInfo info, ContainerMetadata? metadata)
    {
        if (metadata is not null)
            info.SetMetadata(metadata);
        else
            info.SetNotFound();
        CompleteWaiters(info);
    }

    /// <summary>Re-queues an id (resolver sweep of entries whose lookup was dropped). False when the queue is full.</summary>
    internal bool TryEnqueueLookup(ContainerId id) => _lookups.Writer.TryWrite(id);

    internal void CompleteLookups() => _lookups.Writer.TryComplete();

    private ContainerInfo AddSlow(ContainerId id, ContainerRuntimeKind runtimeHint)
    {
        var created = ContainerInfo.Create(id, runtimeHint);
        ContainerInfo winner = _entries.GetOrAdd(id, created);
        if (ReferenceEquals(winner, created) && !_lookups.Writer.TryWrite(id))
            Interlocked.Increment(ref _queueDrops);
        return winner;
    }

    private void CompleteWaiters(ContainerInfo info)
    {
        if (_waiters.TryRemove(info.Id, out TaskCompletionSource<ContainerInfo>? waiter))
            waiter.TrySetResult(info);
    }
}
