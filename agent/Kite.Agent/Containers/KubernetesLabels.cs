namespace Kite.Agent.Containers;

/// <summary>Labels the kubelet puts on every container and sandbox it asks the runtime to create (CRI).</summary>
internal static class KubernetesLabels
{
    public const string PodName = "io.kubernetes.pod.name";
    public const string PodNamespace = "io.kubernetes.pod.namespace";
    public const string PodUid = "io.kubernetes.pod.uid";
    public const string ContainerName = "io.kubernetes.container.name";

    /// <summary>containerd's CRI plugin marks sandboxes ("sandbox") and app containers ("container") with this label.</summary>
    public const string CriContainerdKind = "io.cri-containerd.kind";

    /// <summary>True for bookkeeping labels that are not the pod's own labels.</summary>
    public static bool IsRuntimeBookkeeping(string key)
        => key.StartsWith("io.kubernetes.", StringComparison.Ordinal)
           || key.StartsWith("io.cri-containerd.", StringComparison.Ordinal)
           || key.StartsWith("io.containerd.", StringComparison.Ordinal)
           || key.StartsWith("annotation.io.kubernetes.", StringComparison.Ordinal);
}
