using System.Buffers.Text;
using System.Collections.Frozen;

namespace Kite.Agent.Containers;

// Field extraction for the capture thread: reads one metadata snapshot, hands out spans over
// arrays it already holds, never allocates.
internal sealed partial class ContainerInfo
{
    private static readonly FrozenDictionary<string, ContainerField> s_fieldsByName = new Dictionary<string, ContainerField>
    {
        ["container.id"] = ContainerField.Id,
        ["container.full_id"] = ContainerField.FullId,
        ["container.name"] = ContainerField.Name,
        ["container.image"] = ContainerField.Image,
        ["container.image.repository"] = ContainerField.ImageRepository,
        ["container.image.tag"] = ContainerField.ImageTag,
        ["container.image.digest"] = ContainerField.ImageDigest,
        ["container.privileged"] = ContainerField.Privileged,
        ["container.start_ts"] = ContainerField.StartTs,
        ["container.mounts"] = ContainerField.Mounts,
        ["container.mount.dest"] = ContainerField.MountDest,
        ["container.mount.source"] = ContainerField.MountSource,
        ["container.type"] = ContainerField.Type,
        ["k8s.ns.name"] = ContainerField.K8sNamespaceName,
        ["k8s.pod.name"] = ContainerField.K8sPodName,
        ["k8s.pod.uid"] = ContainerField.K8sPodUid,
        ["k8s.pod.label"] = ContainerField.K8sPodLabel,
        ["k8s.pod.labels"] = ContainerField.K8sPodLabels,
        ["k8s.container.name"] = ContainerField.K8sContainerName,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every field name this type answers, for field catalogs.</summary>
    public static IEnumerable<string> FieldNames => s_fieldsByName.Keys;

    /// <summary>Maps a Falco field name (without argument) to the field.</summary>
    public static bool TryGetField(string name, out ContainerField field) => s_fieldsByName.TryGetValue(name, out field);

    /// <summary>
    /// The field's value as UTF-8 text. False when the value is missing (host process for everything but
    /// id/full_id/name, metadata not resolved yet, label or mount absent): conditions are then false and
    /// outputs render &lt;NA&gt;. <paramref name="argument"/> is the [..] argument of container.mount.dest
    /// and k8s.pod.label, ignored otherwise. Allocation-free.
    /// </summary>
    public bool TryGetUtf8(ContainerField field, ReadOnlySpan<byte> argument, out ReadOnlySpan<byte> value)
    {
        switch (field)
        {
            case ContainerField.Id:
                value = ShortIdUtf8;
                return true;
            case ContainerField.FullId:
                value = FullIdUtf8;
                return true;
            case ContainerField.Name or ContainerField.Type when IsHost:
                value = ShortIdUtf8;
                return true;
            case ContainerField.Type:
                // The cgroup path often names the runtime before the lookup does.
                byte[]? type = _metadata?.RuntimeType ?? RuntimeTypeName(RuntimeHint);
                value = type;
                return type is not null;
        }

        ContainerMetadata? m = _metadata;
        if (m is null)
        {
            value = default;
            return false;
        }
        byte[]? bytes = field switch
        {
            ContainerField.Name => m.Name,
            ContainerField.Image => m.Image,
            ContainerField.ImageRepository => m.ImageRepository,
            ContainerField.ImageTag => m.ImageTag,
            ContainerField.ImageDigest => m.ImageDigest,
            ContainerField.Mounts => m.Mounts,
            ContainerField.K8sNamespaceName => m.PodNamespace,
            ContainerField.K8sPodName => m.PodName,
            ContainerField.K8sPodUid => m.PodUid,
            ContainerField.K8sPodLabels => m.PodLabels,
            ContainerField.K8sContainerName => m.K8sContainerName,
            ContainerField.StartTs => m.StartTimeNsUtf8,
            ContainerField.Privileged => m.Privileged switch { true => s_true, false => s_false, null => null },
            ContainerField.MountDest => FindMount(m, argument, bySource: true),
            ContainerField.MountSource => FindMount(m, argument, bySource: false),
            ContainerField.K8sPodLabel => FindPodLabel(m, argument),
            _ => null,
        };
        value = bytes;
        return bytes is not null;
    }

    /// <summary>container.privileged as a bool; false when unknown.</summary>
    public bool TryGetPrivileged(out bool privileged)
    {
        if (_metadata?.Privileged is bool p)
        {
            privileged = p;
            return true;
        }
        privileged = false;
        return false;
    }

    /// <summary>container.start_ts as ns since the epoch; false when unknown.</summary>
    public bool TryGetStartTimeNs(out long startTimeNs)
    {
        if (_metadata?.StartTimeNs is long ns)
        {
            startTimeNs = ns;
            return true;
        }
        startTimeNs = 0;
        return false;
    }

    private static readonly byte[] s_true = "true"u8.ToArray();
    private static readonly byte[] s_false = "false"u8.ToArray();

    private static readonly byte[] s_containerd = "containerd"u8.ToArray();
    private static readonly byte[] s_crio = "cri-o"u8.ToArray();
    private static readonly byte[] s_docker = "docker"u8.ToArray();
    private static readonly byte[] s_podman = "podman"u8.ToArray();

    internal static byte[]? RuntimeTypeName(ContainerRuntimeKind kind) => kind switch
    {
        ContainerRuntimeKind.Containerd => s_containerd,
        ContainerRuntimeKind.CriO => s_crio,
        ContainerRuntimeKind.Docker => s_docker,
        ContainerRuntimeKind.Podman => s_podman,
        _ => null,
    };

    // container.mount.dest[N] / container.mount.source[N] select the N-th mount; any other argument is a
    // glob over the other side (dest[source glob], source[destination glob]).
    private static byte[]? FindMount(ContainerMetadata m, ReadOnlySpan<byte> argument, bool bySource)
    {
        ContainerMetadata.MountUtf8[] mounts = m.MountList;
        if (argument.IsEmpty)
            return null;
        if (Utf8Parser.TryParse(argument, out int index, out int consumed) && consumed == argument.Length)
            return (uint)index < (uint)mounts.Length ? (bySource ? mounts[index].Destination : mounts[index].Source) : null;
        foreach (ContainerMetadata.MountUtf8 mount in mounts)
        {
            if (Utf8Glob.IsMatch(argument, bySource ? mount.Source : mount.Destination))
                return bySource ? mount.Destination : mount.Source;
        }
        return null;
    }

    private static byte[]? FindPodLabel(ContainerMetadata m, ReadOnlySpan<byte> key)
    {
        ContainerMetadata.LabelUtf8[] labels = m.PodLabelList;
        int lo = 0, hi = labels.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int cmp = labels[mid].Key.AsSpan().SequenceCompareTo(key);
            if (cmp == 0)
                return labels[mid].Value;
            if (cmp < 0)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
        return null;
    }
}
