namespace Kite.Agent.Containers;

/// <summary>Which runtime a cgroup path points at, when the path says so (a hint, not a guarantee).</summary>
internal enum ContainerRuntimeKind : byte
{
    /// <summary>The path holds a container id but does not name the runtime (e.g. cgroupfs kubepods/.../&lt;id&gt;).</summary>
    Unknown = 0,
    Docker,
    Containerd,
    CriO,
    Podman,
}
