using System.Text;
using Kite.Agent.Containers;
using Kite.Agent.Fields;
using Kite.Rules.Fields;

namespace Kite.Agent.Tests.Containers;

public sealed class ContainerFieldSourceTests
{
    [Fact]
    public void EveryContainerAndKubernetesFieldOfTheCatalogIsAnsweredByTheCache()
    {
        var names = new List<string>();
        foreach (FieldDescriptor field in SyscallFieldCatalog.Instance.Fields)
        {
            if (!field.Name.StartsWith("container.", StringComparison.Ordinal) && !field.Name.StartsWith("k8s.", StringComparison.Ordinal))
                continue;
            names.Add(field.Name);
            Assert.True(ContainerFieldSource.TryMap((SyscallField)field.Id.Value, out ContainerField mapped), field.Name);
            Assert.True(ContainerInfo.TryGetField(field.Name, out ContainerField byName), field.Name);
            Assert.Equal(byName, mapped);
        }
        // ...and the cache answers nothing the catalog does not declare.
        Assert.Equal(ContainerInfo.FieldNames.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FieldsRequestedInSpecSection3AreDeclared()
    {
        foreach (string name in new[]
        {
            "container.id", "container.full_id", "container.name", "container.image", "container.image.repository",
            "container.image.tag", "container.image.digest", "container.privileged", "container.start_ts", "container.mounts",
            "container.mount.dest", "k8s.ns.name", "k8s.pod.name", "k8s.pod.uid", "k8s.pod.label", "k8s.pod.labels", "k8s.container.name",
        })
        {
            Assert.True(SyscallFieldCatalog.Instance.TryGetField(name, out _), name);
        }
    }

    [Fact]
    public void TypedAndTextGettersReadTheCache()
    {
        Assert.True(ContainerId.TryParse(ContainerdFixture.NewContainerId().AsSpan(), out ContainerId id));
        var cache = new ContainerCache();
        ContainerInfo info = cache.Observe(id);
        cache.Publish(info, ContainerMetadata.FromRecord(new ContainerRuntimeRecord
        {
            Id = id.ToFullString(),
            Runtime = "containerd",
            Privileged = true,
            StartTime = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
            PodLabels = new Dictionary<string, string> { ["app"] = "web" },
            Mounts = [new ContainerMount("/var/run/docker.sock", "/run/docker.sock", "bind", "", true, "rprivate")],
        }));

        Assert.True(ContainerFieldSource.TryGetBool(info, SyscallField.ContainerPrivileged, out bool privileged));
        Assert.True(privileged);
        Assert.True(ContainerFieldSource.TryGetUInt64(info, SyscallField.ContainerStartTs, out ulong start));
        Assert.Equal(1_700_000_000_000_000_000UL, start);
        Assert.True(ContainerFieldSource.TryGetString(info, SyscallField.K8sPodLabel, FieldArgument.FromKey("app"), out ReadOnlySpan<byte> app));
        Assert.Equal("web", Encoding.UTF8.GetString(app));
        Assert.True(ContainerFieldSource.TryGetString(info, SyscallField.ContainerMountDest, FieldArgument.FromKey("/var/run/docker.sock"), out ReadOnlySpan<byte> dest));
        Assert.Equal("/run/docker.sock", Encoding.UTF8.GetString(dest));
        Assert.True(ContainerFieldSource.TryGetString(info, SyscallField.ContainerMountDest, FieldArgument.FromIndex(0), out dest));
        Assert.Equal("/run/docker.sock", Encoding.UTF8.GetString(dest));
        Assert.True(ContainerFieldSource.TryGetString(info, SyscallField.ContainerId, FieldArgument.None, out ReadOnlySpan<byte> shortId));
        Assert.Equal(id.ToString(), Encoding.UTF8.GetString(shortId));

        Assert.False(ContainerFieldSource.TryGetString(null, SyscallField.ContainerId, FieldArgument.None, out _));
        Assert.False(ContainerFieldSource.TryGetString(info, SyscallField.ProcName, FieldArgument.None, out _));
        Assert.False(ContainerFieldSource.TryGetBool(ContainerInfo.Host, SyscallField.ContainerPrivileged, out _));
    }
}
