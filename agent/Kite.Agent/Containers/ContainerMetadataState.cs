namespace Kite.Agent.Containers;

/// <summary>Where a container's runtime metadata stands; fields other than the id read as missing until Resolved.</summary>
internal enum ContainerMetadataState
{
    /// <summary>Seen in a cgroup, lookup queued or retrying (runtime unreachable).</summary>
    Pending = 0,
    /// <summary>The runtime answered; <see cref="ContainerInfo.Metadata"/> is set.</summary>
    Resolved,
    /// <summary>No configured runtime knows the id (exited and removed, or an unsupported runtime).</summary>
    NotFound,
}
