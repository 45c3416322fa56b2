using Kite.Agent.Containers;

namespace Kite.Agent.State;

/// <summary>
/// Ties a process to its container when its cgroups are learned (clone, execve, /proc): the container cache
/// parses the cgroup list (<see cref="CgroupContainerIdParser"/>, allocation-free), returns the container's
/// entry (host for host processes) and queues a metadata lookup the first time a container is seen.
/// </summary>
internal static class ContainerIdParser
{
    public const int ShortIdLength = ContainerId.ShortLength;

    public static ReadOnlySpan<byte> Host => "host"u8;

    /// <summary>Sets <see cref="ThreadInfo.Container"/> and the container.id text of <paramref name="process"/> from its cgroups.</summary>
    public static void Apply(ThreadInfo process, ContainerCache containers)
    {
        ContainerInfo container = containers.ObserveCgroupList(process.Cgroups.Span);
        process.Container = container;
        process.ContainerId.Set(container.ShortIdUtf8);
    }
}
