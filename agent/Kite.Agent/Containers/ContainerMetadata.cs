using System.Text;

namespace Kite.Agent.Containers;

/// <summary>
/// An immutable snapshot of a container's runtime metadata, every value already UTF-8 so the field
/// extractors hand out spans without allocating. Null means "missing" (rendered &lt;NA&gt;, checks false).
/// </summary>
internal sealed class ContainerMetadata
{
    private static readonly Encoding s_utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private ContainerMetadata(ContainerRuntimeRecord record)
    {
        Record = record;
    }

    /// <summary>The runtime's answer this snapshot was built from (strings, for the CLI and logs).</summary>
    public ContainerRuntimeRecord Record { get; }

    public byte[]? Name { get; private init; }

    /// <summary>container.type: the runtime that answered ("containerd").</summary>
    public byte[]? RuntimeType { get; private init; }
    public byte[]? Image { get; private init; }
    public byte[]? ImageRepository { get; private init; }
    public byte[]? ImageTag { get; private init; }
    public byte[]? ImageDigest { get; private init; }
    public bool? Privileged { get; private init; }

    /// <summary>Container start, nanoseconds since the epoch; null when unknown.</summary>
    public long? StartTimeNs { get; private init; }

    /// <summary><see cref="StartTimeNs"/> as decimal text.</summary>
    public byte[]? StartTimeNsUtf8 { get; private init; }

    /// <summary>All mounts as Falco renders container.mounts: space-separated <c>source:dest:mode:rw:propagation</c>.</summary>
    public byte[]? Mounts { get; private init; }
    public MountUtf8[] MountList { get; private init; } = [];

    public byte[]? PodName { get; private init; }
    public byte[]? PodNamespace { get; private init; }
    public byte[]? PodUid { get; private init; }
    public byte[]? K8sContainerName { get; private init; }

    /// <summary>Pod labels sorted by key (ordinal), for k8s.pod.label[key].</summary>
    public LabelUtf8[] PodLabelList { get; private init; } = [];

    /// <summary>Pod labels rendered for k8s.pod.labels: <c>(key:value,key:value)</c>; null when the runtime exposes none.</summary>
    public byte[]? PodLabels { get; private init; }

    /// <summary>A mount's source and destination, UTF-8.</summary>
    internal readonly record struct MountUtf8(byte[] Source, byte[] Destination);

    /// <summary>A label key and value, UTF-8.</summary>
    internal readonly record struct LabelUtf8(byte[] Key, byte[] Value);

    public static ContainerMetadata FromRecord(ContainerRuntimeRecord record)
    {
        ImageReference? image = string.IsNullOrEmpty(record.ImageReference) ? null : ImageReference.Parse(record.ImageReference);
        string? digest = record.ImageDigest ?? image?.Digest;
        string? podName = Label(record, KubernetesLabels.PodName);
        string? k8sContainer = Label(record, KubernetesLabels.ContainerName);

        // Falco names CRI containers after their Kubernetes container name; others after the runtime's own name.
        string? name = k8sContainer ?? record.Name;

        LabelUtf8[] podLabels = [];
        byte[]? podLabelsText = null;
        if (record.PodLabels is { } labels)
        {
            var sorted = labels.OrderBy(l => l.Key, StringComparer.Ordinal).ToArray();
            podLabels = sorted.Select(l => new LabelUtf8(s_utf8.GetBytes(l.Key), s_utf8.GetBytes(l.Value))).ToArray();
            podLabelsText = s_utf8.GetBytes("(" + string.Join(",", sorted.Select(l => l.Key + ":" + l.Value)) + ")");
        }

        long? startNs = record.StartTime is { } start ? (start.UtcTicks - DateTime.UnixEpoch.Ticks) * 100 : null;

        return new ContainerMetadata(record)
        {
            Name = Utf8(name),
            RuntimeType = Utf8(record.Runtime),
            Image = Utf8(record.ImageReference),
            ImageRepository = Utf8(image?.Repository),
            ImageTag = Utf8(image?.Tag),
            ImageDigest = Utf8(digest),
            Privileged = record.Privileged,
            StartTimeNs = startNs,
            StartTimeNsUtf8 = startNs is long ns ? Utf8(ns.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null,
            Mounts = record.Mounts.Count == 0 ? null : s_utf8.GetBytes(string.Join(" ", record.Mounts.Select(RenderMount))),
            MountList = record.Mounts.Select(m => new MountUtf8(s_utf8.GetBytes(m.Source), s_utf8.GetBytes(m.Destination))).ToArray(),
            PodName = Utf8(podName),
            PodNamespace = Utf8(Label(record, KubernetesLabels.PodNamespace)),
            PodUid = Utf8(Label(record, KubernetesLabels.PodUid)),
            K8sContainerName = Utf8(k8sContainer),
            PodLabelList = podLabels,
            PodLabels = podLabelsText,
        };
    }

    private static string RenderMount(ContainerMount m)
        => $"{m.Source}:{m.Destination}:{m.Mode}:{(m.ReadWrite ? "true" : "false")}:{m.Propagation}";

    private static string? Label(ContainerRuntimeRecord record, string key)
        => record.Labels.TryGetValue(key, out string? value) && value.Length > 0 ? value : null;

    private static byte[]? Utf8(string? value) => string.IsNullOrEmpty(value) ? null : s_utf8.GetBytes(value);
}
