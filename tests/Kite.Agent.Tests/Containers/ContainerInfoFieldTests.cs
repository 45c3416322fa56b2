using System.Text;
using Kite.Agent.Containers;

namespace Kite.Agent.Tests.Containers;

public sealed class ContainerInfoFieldTests
{
    private const string Id = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d";

    private static readonly ContainerRuntimeRecord s_record = new()
    {
        Id = Id,
        Runtime = "containerd",
        Namespace = "k8s.io",
        ImageReference = "registry.local:5000/shop/web:1.4.2",
        ImageDigest = "sha256:1111111111111111111111111111111111111111111111111111111111111111",
        Labels = new Dictionary<string, string>
        {
            [KubernetesLabels.PodName] = "web-7d9f8-abcde",
            [KubernetesLabels.PodNamespace] = "shop",
            [KubernetesLabels.PodUid] = "1c4f1e3a-7b2d-4c1e-9f0a-2b3c4d5e6f70",
            [KubernetesLabels.ContainerName] = "web",
        },
        PodLabels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "frontend", ["pod-template-hash"] = "7d9f8" },
        Privileged = true,
        StartTime = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123),
        Mounts =
        [
            new ContainerMount("/var/run/docker.sock", "/host/docker.sock", "bind", "", true, "rprivate"),
            new ContainerMount("/proc", "/host/proc", "bind", "", false, "rslave"),
        ],
    };

    private static ContainerInfo Resolved()
    {
        Assert.True(ContainerId.TryParse(Id.AsSpan(), out ContainerId id));
        ContainerInfo info = ContainerInfo.Create(id, ContainerRuntimeKind.Containerd);
        var cache = new ContainerCache();
        cache.Publish(info, ContainerMetadata.FromRecord(s_record));
        return info;
    }

    [Theory]
    [InlineData("container.id", "", "9e8d7c6b5a4f")]
    [InlineData("container.full_id", "", Id)]
    [InlineData("container.name", "", "web")]
    [InlineData("container.image", "", "registry.local:5000/shop/web:1.4.2")]
    [InlineData("container.image.repository", "", "registry.local:5000/shop/web")]
    [InlineData("container.image.tag", "", "1.4.2")]
    [InlineData("container.image.digest", "", "sha256:1111111111111111111111111111111111111111111111111111111111111111")]
    [InlineData("container.privileged", "", "true")]
    [InlineData("container.start_ts", "", "1700000000123000000")]
    [InlineData("container.mounts", "", "/var/run/docker.sock:/host/docker.sock::true:rprivate /proc:/host/proc::false:rslave")]
    [InlineData("container.mount.dest", "/var/run/docker.sock", "/host/docker.sock")]
    [InlineData("container.mount.dest", "/proc*", "/host/proc")]
    [InlineData("container.mount.dest", "0", "/host/docker.sock")]
    [InlineData("container.mount.dest", "1", "/host/proc")]
    [InlineData("container.mount.source", "/host/proc", "/proc")]
    [InlineData("container.mount.source", "/host/*.sock", "/var/run/docker.sock")]
    [InlineData("container.mount.source", "0", "/var/run/docker.sock")]
    [InlineData("container.type", "", "containerd")]
    [InlineData("k8s.ns.name", "", "shop")]
    [InlineData("k8s.pod.name", "", "web-7d9f8-abcde")]
    [InlineData("k8s.pod.uid", "", "1c4f1e3a-7b2d-4c1e-9f0a-2b3c4d5e6f70")]
    [InlineData("k8s.pod.label", "tier", "frontend")]
    [InlineData("k8s.pod.label", "app", "web")]
    [InlineData("k8s.pod.labels", "", "(app:web,pod-template-hash:7d9f8,tier:frontend)")]
    [InlineData("k8s.container.name", "", "web")]
    public void ResolvedContainerAnswersEveryField(string name, string argument, string expected)
    {
        Assert.True(ContainerInfo.TryGetField(name, out ContainerField field));
        Assert.True(Resolved().TryGetUtf8(field, Encoding.UTF8.GetBytes(argument), out ReadOnlySpan<byte> value));
        Assert.Equal(expected, Encoding.UTF8.GetString(value));
    }

    [Theory]
    [InlineData("container.mount.dest", "/etc*")]
    [InlineData("container.mount.dest", "2")]
    [InlineData("container.mount.dest", "")]
    [InlineData("k8s.pod.label", "missing")]
    [InlineData("k8s.pod.label", "")]
    public void AbsentMountOrLabelIsMissing(string name, string argument)
    {
        Assert.True(ContainerInfo.TryGetField(name, out ContainerField field));
        Assert.False(Resolved().TryGetUtf8(field, Encoding.UTF8.GetBytes(argument), out _));
    }

    [Fact]
    public void HostProcessHasHostIdAndNameAndNothingElse()
    {
        ContainerInfo host = ContainerInfo.Host;
        foreach (string name in ContainerInfo.FieldNames)
        {
            Assert.True(ContainerInfo.TryGetField(name, out ContainerField field));
            bool present = host.TryGetUtf8(field, "x"u8, out ReadOnlySpan<byte> value);
            if (name is "container.id" or "container.full_id" or "container.name" or "container.type")
            {
                Assert.True(present, name);
                Assert.Equal("host", Encoding.UTF8.GetString(value));
            }
            else
            {
                Assert.False(present, name);
            }
        }
    }

    [Fact]
    public void PendingContainerHasOnlyItsIds()
    {
        Assert.True(ContainerId.TryParse(Id.AsSpan(), out ContainerId id));
        ContainerInfo pending = ContainerInfo.Create(id, ContainerRuntimeKind.Unknown);
        Assert.Equal(ContainerMetadataState.Pending, pending.State);
        foreach (string name in ContainerInfo.FieldNames)
        {
            Assert.True(ContainerInfo.TryGetField(name, out ContainerField field));
            Assert.Equal(name is "container.id" or "container.full_id", pending.TryGetUtf8(field, "0"u8, out _));
        }
        Assert.False(pending.TryGetPrivileged(out _));
        Assert.False(pending.TryGetStartTimeNs(out _));
    }

    [Fact]
    public void PendingContainerTypeComesFromTheCgroupPath()
    {
        Assert.True(ContainerId.TryParse(Id.AsSpan(), out ContainerId id));
        Assert.True(ContainerInfo.Create(id, ContainerRuntimeKind.CriO).TryGetUtf8(ContainerField.Type, default, out ReadOnlySpan<byte> type));
        Assert.Equal("cri-o", Encoding.UTF8.GetString(type));
    }

    [Fact]
    public void TypedGettersReturnPrivilegedAndStartTime()
    {
        ContainerInfo info = Resolved();
        Assert.True(info.TryGetPrivileged(out bool privileged));
        Assert.True(privileged);
        Assert.True(info.TryGetStartTimeNs(out long ns));
        Assert.Equal(1_700_000_000_123_000_000, ns);
    }

    [Fact]
    public void ContainerWithoutKubernetesLabelsHasNoPodFields()
    {
        var record = new ContainerRuntimeRecord { Id = Id, Runtime = "containerd", ImageReference = "busybox", Name = "nerdctl-box" };
        Assert.True(ContainerId.TryParse(Id.AsSpan(), out ContainerId id));
        ContainerInfo info = ContainerInfo.Create(id);
        new ContainerCache().Publish(info, ContainerMetadata.FromRecord(record));

        Assert.True(info.TryGetUtf8(ContainerField.Name, default, out ReadOnlySpan<byte> name));
        Assert.Equal("nerdctl-box", Encoding.UTF8.GetString(name));
        Assert.True(info.TryGetUtf8(ContainerField.ImageRepository, default, out ReadOnlySpan<byte> repo));
        Assert.Equal("busybox", Encoding.UTF8.GetString(repo));
        Assert.False(info.TryGetUtf8(ContainerField.ImageTag, default, out _));
        Assert.False(info.TryGetUtf8(ContainerField.K8sPodName, default, out _));
        Assert.False(info.TryGetUtf8(ContainerField.K8sNamespaceName, default, out _));
        Assert.False(info.TryGetUtf8(ContainerField.K8sPodLabels, default, out _));
        Assert.False(info.TryGetUtf8(ContainerField.Privileged, default, out _));
    }

    [Fact]
    public void FieldExtractionAllocatesNothing()
    {
        ContainerInfo info = Resolved();
        ContainerField[] fields = Enum.GetValues<ContainerField>();
        byte[] globArg = "/proc*"u8.ToArray();
        byte[] labelArg = "tier"u8.ToArray();
        int Read()
        {
            int total = 0;
            foreach (ContainerField f in fields)
            {
                ReadOnlySpan<byte> arg = f == ContainerField.MountDest ? globArg : labelArg;
                if (info.TryGetUtf8(f, arg, out ReadOnlySpan<byte> v))
                    total += v.Length;
                if (ContainerInfo.Host.TryGetUtf8(f, arg, out v))
                    total += v.Length;
            }
            return total;
        }
        int expected = Read();

        long before = GC.GetAllocatedBytesForCurrentThread();
        long sum = 0;
        for (int i = 0; i < 1000; i++)
            sum += Read();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(expected * 1000L, sum);
        Assert.Equal(0, allocated);
    }
}
