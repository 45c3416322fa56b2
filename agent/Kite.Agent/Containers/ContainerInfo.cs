using System.Text;

namespace Kite.Agent.Containers;

/// <summary>
/// One container as the agent knows it: its id (known from the cgroup the moment a process is seen) and
/// its runtime metadata (filled in later by the background <see cref="ContainerResolver"/>). The object is
/// stable for the container's lifetime, so a thread table may keep a reference to it; the metadata is an
/// immutable snapshot swapped in atomically, so readers on the capture thread never lock.
/// </summary>
internal sealed partial class ContainerInfo
{
    private volatile ContainerMetadata? _metadata;
    private volatile ContainerMetadataState _state;
    private int _liveThreads;
    private long _unusedSinceTicks = Environment.TickCount64;

    private ContainerInfo(ContainerId id, ContainerRuntimeKind runtimeHint, byte[] shortId, byte[] fullId)
    {
        Id = id;
        RuntimeHint = runtimeHint;
        ShortIdUtf8 = shortId;
        FullIdUtf8 = fullId;
        FirstSeenUtc = DateTime.UtcNow;
    }

    /// <summary>Processes outside any container: container.id and container.name read "host", the rest is missing.</summary>
    public static ContainerInfo Host { get; } = CreateHost();

    public ContainerId Id { get; }

    public bool IsHost => Id.IsHost;

    /// <summary>The runtime the cgroup path pointed at, if it did.</summary>
    public ContainerRuntimeKind RuntimeHint { get; }

    /// <summary>container.id: 12 hex characters, or "host".</summary>
    public byte[] ShortIdUtf8 { get; }

    /// <summary>container.full_id: 64 hex characters, or "host".</summary>
    public byte[] FullIdUtf8 { get; }

    public DateTime FirstSeenUtc { get; }

    public ContainerMetadataState State => _state;

    /// <summary>The runtime metadata, or null while pending / when not found.</summary>
    public ContainerMetadata? Metadata => _metadata;

    /// <summary>Creates the entry for a container seen for the first time (metadata pending).</summary>
    public static ContainerInfo Create(ContainerId id, ContainerRuntimeKind runtimeHint = ContainerRuntimeKind.Unknown)
    {
        if (id.IsHost)
            return Host;
        var full = new byte[ContainerId.FullLength];
        id.WriteFull(full);
        return new ContainerInfo(id, runtimeHint, full[..ContainerId.ShortLength], full);
    }

    /// <summary>Publishes the runtime's answer. Called by the resolver only.</summary>
    internal void SetMetadata(ContainerMetadata metadata)
    {
        _metadata = metadata;
        _state = ContainerMetadataState.Resolved;
    }

    /// <summary>Threads in the agent's thread table that belong to this container.</summary>
    public int LiveThreads => Volatile.Read(ref _liveThreads);

    /// <summary>
    /// How long no tracked thread has belonged to the container (zero while some does): the resolver
    /// evicts an entry whose processes have all been gone for a while, so a node that runs many
    /// short-lived containers does not keep every one of them.
    /// </summary>
    public TimeSpan UnusedFor =>
        LiveThreads > 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Environment.TickCount64 - Volatile.Read(ref _unusedSinceTicks));

    /// <summary>A thread of the thread table now belongs to this container (fork, exec, /proc seed).</summary>
    internal void AddThread()
    {
        if (!IsHost)
            Interlocked.Increment(ref _liveThreads);
    }

    /// <summary>A thread left this container (exit, exec into another cgroup, eviction from the table).</summary>
    internal void RemoveThread()
    {
        if (!IsHost && Interlocked.Decrement(ref _liveThreads) == 0)
            Volatile.Write(ref _unusedSinceTicks, Environment.TickCount64);
    }

    /// <summary>Records that no runtime knows this container. Keeps metadata learned earlier, if any.</summary>
    internal void SetNotFound()
    {
        if (_metadata is null)
            _state = ContainerMetadataState.NotFound;
    }

    public override string ToString() => IsHost ? "host" : Id.ToString();

    private static ContainerInfo CreateHost()
    {
        byte[] host = Encoding.ASCII.GetBytes("host");
        var info = new ContainerInfo(ContainerId.Host, ContainerRuntimeKind.Unknown, host, host);
        info._state = ContainerMetadataState.Resolved;
        return info;
    }
}
