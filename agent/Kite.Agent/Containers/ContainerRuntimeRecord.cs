namespace Kite.Agent.Containers;

/// <summary>
/// What a runtime client learned about one container, as plain strings. <see cref="ContainerMetadata.FromRecord"/>
/// turns it into the UTF-8 snapshot the field extractors read.
/// </summary>
internal sealed record ContainerRuntimeRecord
{
    /// <summary>The full 64-hex id.</summary>
    public required string Id { get; init; }

    /// <summary>Runtime that answered ("containerd").</summary>
    public required string Runtime { get; init; }

    /// <summary>Runtime namespace the container lives in (containerd: "k8s.io"); null where not applicable.</summary>
    public string? Namespace { get; init; }

    /// <summary>Image reference as given at creation (e.g. docker.io/library/nginx:1.27); null when none.</summary>
    public string? ImageReference { get; init; }

    /// <summary>Manifest digest (sha256:...) of the image, from the runtime's image store; null when unknown.</summary>
    public string? ImageDigest { get; init; }

    /// <summary>Runtime name of the container when it has one of its own (nerdctl/docker name), else null.</summary>
    public string? Name { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Labels of the pod, from its sandbox (CRI), without the kubelet's io.kubernetes.* bookkeeping.</summary>
    public IReadOnlyDictionary<string, string>? PodLabels { get; init; }

    /// <summary>Privileged (all capabilities, nothing masked); null when the spec was not readable.</summary>
    public bool? Privileged { get; init; }

    /// <summary>When the container's init process started (or, failing that, when the container was created).</summary>
    public DateTimeOffset? StartTime { get; init; }

    public IReadOnlyList<ContainerMount> Mounts { get; init; } = [];

    /// <summary>Host pid of the container's init process; 0 when no task is running.</summary>
    public int InitPid { get; init; }
}
