namespace Kite.Agent.Containers;

/// <summary>The container and Kubernetes fields the container cache answers (SPEC section 3, container plugin).</summary>
internal enum ContainerField
{
    /// <summary>container.id — 12-hex short id, "host" for host processes.</summary>
    Id,
    /// <summary>container.full_id — 64-hex id, "host" for host processes.</summary>
    FullId,
    /// <summary>container.name — Kubernetes container name for CRI containers, else the runtime's name; "host".</summary>
    Name,
    /// <summary>container.image — the full image reference.</summary>
    Image,
    /// <summary>container.image.repository — image reference without tag and digest.</summary>
    ImageRepository,
    /// <summary>container.image.tag.</summary>
    ImageTag,
    /// <summary>container.image.digest — manifest digest (sha256:...).</summary>
    ImageDigest,
    /// <summary>container.privileged — bool ("true"/"false" as text).</summary>
    Privileged,
    /// <summary>container.start_ts — abstime, ns since the epoch (decimal as text).</summary>
    StartTs,
    /// <summary>container.mounts — space-separated <c>source:dest:mode:rw:propagation</c>.</summary>
    Mounts,
    /// <summary>container.mount.dest[index or source glob].</summary>
    MountDest,
    /// <summary>container.mount.source[index or destination glob].</summary>
    MountSource,
    /// <summary>container.type — runtime: containerd, cri-o, docker, podman; "host" for host processes.</summary>
    Type,
    /// <summary>k8s.ns.name.</summary>
    K8sNamespaceName,
    /// <summary>k8s.pod.name.</summary>
    K8sPodName,
    /// <summary>k8s.pod.uid.</summary>
    K8sPodUid,
    /// <summary>k8s.pod.label[key].</summary>
    K8sPodLabel,
    /// <summary>k8s.pod.labels — <c>(key:value,key:value)</c>.</summary>
    K8sPodLabels,
    /// <summary>k8s.container.name.</summary>
    K8sContainerName,
}
