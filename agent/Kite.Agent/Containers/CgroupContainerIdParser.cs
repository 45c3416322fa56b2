namespace Kite.Agent.Containers;

/// <summary>
/// Finds the container id in cgroup paths, allocation-free: it runs on the capture thread each time
/// a process is created or executes.
/// </summary>
/// <remarks>
/// A path is split on '/'; each component may name a container in one of these forms (the deepest
/// component that does wins, so <c>docker-&lt;id&gt;.scope/init.scope</c> and podman's
/// <c>libpod-&lt;id&gt;.scope/container</c> resolve to the container itself):
/// <list type="bullet">
/// <item><c>&lt;id&gt;</c> — cgroupfs drivers: <c>/docker/&lt;id&gt;</c>, <c>/k8s.io/&lt;id&gt;</c> (containerd, ctr),
/// <c>/kubepods/burstable/pod&lt;uid&gt;/&lt;id&gt;</c>, <c>/libpod_parent/libpod-&lt;id&gt;</c>, ECS, CI runners.</item>
/// <item><c>&lt;prefix&gt;-&lt;id&gt;[.scope]</c> — systemd drivers, prefix one of docker, cri-containerd, crio, libpod
/// (<c>kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod&lt;uid&gt;.slice/cri-containerd-&lt;id&gt;.scope</c>).</item>
/// <item><c>&lt;slice&gt;:&lt;prefix&gt;:&lt;id&gt;</c> — runc's systemd cgroupsPath notation used literally as a directory
/// (containerd inside kind/k3d nodes).</item>
/// </list>
/// Monitor processes (<c>crio-conmon-&lt;id&gt;.scope</c>, <c>libpod-conmon-&lt;id&gt;.scope</c>) run on the host and do
/// not match; neither do slices, pod cgroups, sessions or services. An id is exactly 64 lowercase hex characters.
/// </remarks>
internal static class CgroupContainerIdParser
{
    private static ReadOnlySpan<byte> ScopeSuffix => ".scope"u8;

    /// <summary>Parses one cgroup path (the part after the second ':' of a /proc/PID/cgroup line).</summary>
    public static bool TryParsePath(ReadOnlySpan<byte> path, out ContainerId id, out ContainerRuntimeKind runtime)
    {
        id = default;
        runtime = ContainerRuntimeKind.Unknown;
        bool found = false;
        ReadOnlySpan<byte> parent = default;
        while (!path.IsEmpty)
        {
            int slash = path.IndexOf((byte)'/');
            ReadOnlySpan<byte> component = slash < 0 ? path : path[..slash];
            path = slash < 0 ? default : path[(slash + 1)..];
            if (component.Length >= ContainerId.FullLength
                && TryParseComponent(component, parent, out ContainerId candidate, out ContainerRuntimeKind kind))
            {
                id = candidate;
                runtime = kind;
                found = true;
            }
            if (!component.IsEmpty)
                parent = component;
        }
        return found;
    }

    /// <summary>Parses the path of one cgroup path with the runtime hint dropped.</summary>
    public static bool TryParsePath(ReadOnlySpan<byte> path, out ContainerId id) => TryParsePath(path, out id, out _);

    /// <summary>
    /// Parses the content of /proc/PID/cgroup (lines <c>hierarchy:controllers:path</c>, cgroup v1, v2 or
    /// hybrid). The first line whose path names a container wins; no such line means a host process.
    /// </summary>
    public static bool TryParseProcCgroup(ReadOnlySpan<byte> content, out ContainerId id, out ContainerRuntimeKind runtime)
    {
        while (!content.IsEmpty)
        {
            int newline = content.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = newline < 0 ? content : content[..newline];
            content = newline < 0 ? default : content[(newline + 1)..];

            int first = line.IndexOf((byte)':');
            if (first < 0)
                continue;
            int second = line[(first + 1)..].IndexOf((byte)':');
            if (second < 0)
                continue;
            if (TryParsePath(line[(first + 1 + second + 1)..], out id, out runtime))
                return true;
        }
        id = default;
        runtime = ContainerRuntimeKind.Unknown;
        return false;
    }

    /// <summary>
    /// Parses the probe's cgroup list (clone/execve <c>cgroups</c> parameter, also what the state keeps):
    /// NUL-separated <c>controllers=path</c> entries. The first entry whose path names a container wins.
    /// </summary>
    public static bool TryParseCgroupList(ReadOnlySpan<byte> list, out ContainerId id, out ContainerRuntimeKind runtime)
    {
        while (!list.IsEmpty)
        {
            int nul = list.IndexOf((byte)0);
            ReadOnlySpan<byte> entry = nul < 0 ? list : list[..nul];
            list = nul < 0 ? default : list[(nul + 1)..];
            int eq = entry.IndexOf((byte)'=');
            if (TryParsePath(eq < 0 ? entry : entry[(eq + 1)..], out id, out runtime))
                return true;
        }
        id = default;
        runtime = ContainerRuntimeKind.Unknown;
        return false;
    }

    /// <inheritdoc cref="TryParseProcCgroup(ReadOnlySpan{byte}, out ContainerId, out ContainerRuntimeKind)"/>
    public static bool TryParseProcCgroup(ReadOnlySpan<byte> content, out ContainerId id) => TryParseProcCgroup(content, out id, out _);

    private static bool TryParseComponent(ReadOnlySpan<byte> component, ReadOnlySpan<byte> parent, out ContainerId id, out ContainerRuntimeKind kind)
    {
        kind = ContainerRuntimeKind.Unknown;
        if (component.EndsWith(ScopeSuffix))
            component = component[..^ScopeSuffix.Length];

        if (component.Length == ContainerId.FullLength)
        {
            // Bare id: the parent directory names the runtime for the cgroupfs drivers.
            if (parent.SequenceEqual("docker"u8))
                kind = ContainerRuntimeKind.Docker;
            else if (parent.SequenceEqual("k8s.io"u8))
                kind = ContainerRuntimeKind.Containerd;
            return ContainerId.TryParse(component, out id);
        }

        int dash = component.Length - ContainerId.FullLength - 1;
        if (dash < 1 || (component[dash] != (byte)'-' && component[dash] != (byte)':'))
        {
            id = default;
            return false;
        }
        ReadOnlySpan<byte> prefix = component[..dash];
        if (component[dash] == (byte)':')
        {
            // runc's systemd-style cgroupsPath taken literally as a directory name (containerd in kind/k3d
            // nodes without systemd): "kubepods-...-pod<uid>.slice:cri-containerd:<id>".
            int colon = prefix.LastIndexOf((byte)':');
            if (colon < 0)
            {
                id = default;
                return false;
            }
            prefix = prefix[(colon + 1)..];
        }
        if (prefix.SequenceEqual("cri-containerd"u8))
            kind = ContainerRuntimeKind.Containerd;
        else if (prefix.SequenceEqual("docker"u8))
            kind = ContainerRuntimeKind.Docker;
        else if (prefix.SequenceEqual("crio"u8))
            kind = ContainerRuntimeKind.CriO;
        else if (prefix.SequenceEqual("libpod"u8))
            kind = ContainerRuntimeKind.Podman;
        else
        {
            id = default;
            return false;
        }
        return ContainerId.TryParse(component[(dash + 1)..], out id);
    }
}
