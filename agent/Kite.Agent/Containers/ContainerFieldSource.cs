using Kite.Agent.Fields;
using Kite.Rules.Fields;

namespace Kite.Agent.Containers;

/// <summary>
/// Extraction of the syscall catalog's container.* and k8s.* fields from a <see cref="ContainerInfo"/>, for
/// EventContext: one switch, spans over the cache's UTF-8 arrays, no allocation. A null info (no thread) or
/// metadata not resolved yet reads as missing.
/// </summary>
internal static class ContainerFieldSource
{
    /// <summary>True for the fields this type answers.</summary>
    public static bool Handles(SyscallField field) => TryMap(field, out _);

    public static bool TryMap(SyscallField field, out ContainerField containerField)
    {
        containerField = field switch
        {
            SyscallField.ContainerId => ContainerField.Id,
            SyscallField.ContainerFullId => ContainerField.FullId,
            SyscallField.ContainerName => ContainerField.Name,
            SyscallField.ContainerImage => ContainerField.Image,
            SyscallField.ContainerImageRepository => ContainerField.ImageRepository,
            SyscallField.ContainerImageTag => ContainerField.ImageTag,
            SyscallField.ContainerImageDigest => ContainerField.ImageDigest,
            SyscallField.ContainerType => ContainerField.Type,
            SyscallField.ContainerPrivileged => ContainerField.Privileged,
            SyscallField.ContainerMounts => ContainerField.Mounts,
            SyscallField.ContainerMountDest => ContainerField.MountDest,
            SyscallField.ContainerMountSource => ContainerField.MountSource,
            SyscallField.ContainerStartTs => ContainerField.StartTs,
            SyscallField.K8sPodName => ContainerField.K8sPodName,
            SyscallField.K8sPodUid => ContainerField.K8sPodUid,
            SyscallField.K8sNsName => ContainerField.K8sNamespaceName,
            SyscallField.K8sPodLabel => ContainerField.K8sPodLabel,
            SyscallField.K8sPodLabels => ContainerField.K8sPodLabels,
            SyscallField.K8sContainerName => ContainerField.K8sContainerName,
            _ => (ContainerField)(-1),
        };
        return containerField >= 0;
    }

    /// <summary>A text field (everything but container.privileged and container.start_ts, which have typed getters).</summary>
    public static bool TryGetString(ContainerInfo? container, SyscallField field, in FieldArgument argument, out ReadOnlySpan<byte> value)
    {
        if (container is null || !TryMap(field, out ContainerField f))
        {
            value = default;
            return false;
        }
        // container.mount.dest[0] may arrive as an index argument; the extractor reads digits as an index either way.
        return container.TryGetUtf8(f, argument.Utf8, out value);
    }

    /// <summary>container.privileged.</summary>
    public static bool TryGetBool(ContainerInfo? container, SyscallField field, out bool value)
    {
        if (container is not null && field == SyscallField.ContainerPrivileged)
            return container.TryGetPrivileged(out value);
        value = false;
        return false;
    }

    /// <summary>container.start_ts (ns since the epoch).</summary>
    public static bool TryGetUInt64(ContainerInfo? container, SyscallField field, out ulong value)
    {
        if (container is not null && field == SyscallField.ContainerStartTs && container.TryGetStartTimeNs(out long ns) && ns >= 0)
        {
            value = (ulong)ns;
            return true;
        }
        value = 0;
        return false;
    }
}
