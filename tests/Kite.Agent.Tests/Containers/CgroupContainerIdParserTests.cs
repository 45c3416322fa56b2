using System.Text;
using Kite.Agent.Containers;

namespace Kite.Agent.Tests.Containers;

public sealed class CgroupContainerIdParserTests
{
    private const string Id = "3f1c2b8a9d0e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c";
    private const string Other = "aa00bb11cc22dd33ee44ff5566778899aabbccddeeff00112233445566778899";

    [Theory]
    // Docker, cgroupfs (v1 and v2) and systemd drivers.
    [InlineData("/docker/" + Id, "Docker")]
    [InlineData("/system.slice/docker-" + Id + ".scope", "Docker")]
    [InlineData("/system.slice/docker-" + Id + ".scope/init.scope", "Docker")]
    [InlineData("/docker/" + Other + "/docker/" + Id, "Docker")]
    // containerd: ctr/nerdctl cgroupfs path, CRI with the systemd driver (cgroup v1 and v2, kind nodes).
    [InlineData("/k8s.io/" + Id, "Containerd")]
    [InlineData("/default/" + Id, "Unknown")]
    [InlineData("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1c4f1e3a_7b2d_4c1e_9f0a_2b3c4d5e6f70.slice/cri-containerd-" + Id + ".scope", "Containerd")]
    [InlineData("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1c4f1e3a_7b2d_4c1e_9f0a_2b3c4d5e6f70.slice/cri-containerd-" + Id + ".scope", "Containerd")]
    [InlineData("/kubepods.slice/kubepods-pod1c4f1e3a_7b2d_4c1e_9f0a_2b3c4d5e6f70.slice/cri-containerd-" + Id + ".scope", "Containerd")]
    [InlineData("/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod1c4f1e3a_7b2d_4c1e_9f0a_2b3c4d5e6f70.slice/cri-containerd-" + Id + ".scope", "Containerd")]
    [InlineData("/system.slice/containerd.service/kubepods-burstable-pod1c4f1e3a_7b2d_4c1e_9f0a_2b3c4d5e6f70.slice:cri-containerd:" + Id, "Containerd")]
    // Kubernetes with the cgroupfs driver (any CRI runtime): burstable, besteffort, guaranteed.
    [InlineData("/kubepods/burstable/pod1c4f1e3a-7b2d-4c1e-9f0a-2b3c4d5e6f70/" + Id, "Unknown")]
    [InlineData("/kubepods/besteffort/pod1c4f1e3a-7b2d-4c1e-9f0a-2b3c4d5e6f70/" + Id, "Unknown")]
    [InlineData("/kubepods/pod1c4f1e3a-7b2d-4c1e-9f0a-2b3c4d5e6f70/" + Id, "Unknown")]
    // CRI-O.
    [InlineData("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1c4f1e3a_7b2d_4c1e_9f0a_2b3c4d5e6f70.slice/crio-" + Id + ".scope", "CriO")]
    [InlineData("/kubepods/burstable/pod1c4f1e3a-7b2d-4c1e-9f0a-2b3c4d5e6f70/crio-" + Id, "CriO")]
    // podman: root (machine.slice), rootless (user.slice), cgroupfs, split cgroups.
    [InlineData("/machine.slice/libpod-" + Id + ".scope", "Podman")]
    [InlineData("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + Id + ".scope", "Podman")]
    [InlineData("/libpod_parent/libpod-" + Id, "Podman")]
    [InlineData("/machine.slice/libpod-" + Id + ".scope/container", "Podman")]
    // Seen from inside the agent's own cgroup namespace, and other orchestrators.
    [InlineData("/../../kubepods-besteffort-pod1c4f1e3a_7b2d_4c1e_9f0a_2b3c4d5e6f70.slice/cri-containerd-" + Id + ".scope", "Containerd")]
    [InlineData("/ecs/5a7c3b2d1e0f4a9b8c7d6e5f4a3b2c1d/" + Id, "Unknown")]
    [InlineData("/actions_job/" + Id, "Unknown")]
    public void ContainerPathYieldsItsId(string path, string runtime)
    {
        Assert.True(CgroupContainerIdParser.TryParsePath(Encoding.UTF8.GetBytes(path), out ContainerId id, out ContainerRuntimeKind kind));

        Assert.Equal(Id, id.ToFullString());
        Assert.Equal(Id[..12], id.ToString());
        Assert.Equal(Enum.Parse<ContainerRuntimeKind>(runtime), kind);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("")]
    [InlineData("/init.scope")]
    [InlineData("/user.slice/user-0.slice/session-3.scope")]
    [InlineData("/system.slice/containerd.service")]
    [InlineData("/system.slice/docker.service")]
    [InlineData("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1c4f1e3a_7b2d_4c1e_9f0a_2b3c4d5e6f70.slice")]
    [InlineData("/kubepods/burstable/pod1c4f1e3a-7b2d-4c1e-9f0a-2b3c4d5e6f70")]
    // Monitors run on the host side of the container.
    [InlineData("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1c4f1e3a_7b2d_4c1e_9f0a_2b3c4d5e6f70.slice/crio-conmon-" + Id + ".scope")]
    [InlineData("/machine.slice/libpod-conmon-" + Id + ".scope")]
    // Not exactly 64 lowercase hex.
    [InlineData("/docker/" + "3F1C2B8A9D0E4F5A6B7C8D9E0F1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C")]
    [InlineData("/docker/3f1c2b8a9d0e")]
    [InlineData("/docker/" + Id + "0")]
    [InlineData("/docker/g" + "f1c2b8a9d0e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c")]
    [InlineData("/system.slice/unknown-" + Id + ".scope")]
    [InlineData("/kubepods-pod1c4f1e3a_7b2d_4c1e_9f0a_2b3c4d5e6f70.slice:unknown:" + Id)]
    [InlineData("/docker/0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("/process_api/10b0d44177eff26d1227f1dd621fe96b")]
    public void HostPathYieldsNoId(string path)
    {
        Assert.False(CgroupContainerIdParser.TryParsePath(Encoding.UTF8.GetBytes(path), out ContainerId id));
        Assert.True(id.IsHost);
    }

    [Fact]
    public void ProcCgroupOfV1HybridContainerYieldsId()
    {
        string content = $"""
            12:blkio:/kubepods/burstable/pod1c4f1e3a-7b2d-4c1e-9f0a-2b3c4d5e6f70/{Id}
            11:pids:/kubepods/burstable/pod1c4f1e3a-7b2d-4c1e-9f0a-2b3c4d5e6f70/{Id}
            1:name=systemd:/kubepods/burstable/pod1c4f1e3a-7b2d-4c1e-9f0a-2b3c4d5e6f70/{Id}
            0::/

            """;
        Assert.True(CgroupContainerIdParser.TryParseProcCgroup(Encoding.UTF8.GetBytes(content), out ContainerId id));
        Assert.Equal(Id, id.ToFullString());
    }

    [Fact]
    public void ProcCgroupWhereOnlyTheUnifiedLineNamesTheContainerYieldsId()
    {
        string content = $"4:memory:/\n1:name=systemd:/\n0::/system.slice/docker-{Id}.scope\n";
        Assert.True(CgroupContainerIdParser.TryParseProcCgroup(Encoding.UTF8.GetBytes(content), out ContainerId id, out ContainerRuntimeKind kind));
        Assert.Equal(Id, id.ToFullString());
        Assert.Equal(ContainerRuntimeKind.Docker, kind);
    }

    [Theory]
    [InlineData("0::/user.slice/user-0.slice/session-1.scope\n")]
    [InlineData("9:name=systemd:/\n0::/\n")]
    [InlineData("")]
    [InlineData("garbage without colons\n:\n::\n")]
    public void ProcCgroupOfHostProcessYieldsNoId(string content)
    {
        Assert.False(CgroupContainerIdParser.TryParseProcCgroup(Encoding.UTF8.GetBytes(content), out ContainerId id));
        Assert.True(id.IsHost);
    }

    [Fact]
    public void ProbeCgroupListYieldsId()
    {
        byte[] list = Encoding.UTF8.GetBytes($"cpuset=/\0cpu=/kubepods/besteffort/pod1234/{Id}\0unified=/\0");
        Assert.True(CgroupContainerIdParser.TryParseCgroupList(list, out ContainerId id, out _));
        Assert.Equal(Id, id.ToFullString());
        Assert.False(CgroupContainerIdParser.TryParseCgroupList("cpuset=/\0unified=/user.slice\0"u8, out _, out _));
        Assert.False(CgroupContainerIdParser.TryParseCgroupList(default, out _, out _));
    }

    [Fact]
    public void ParsingAllocatesNothing()
    {
        byte[] content = Encoding.UTF8.GetBytes(
            $"12:blkio:/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1c4f1e3a_7b2d_4c1e_9f0a_2b3c4d5e6f70.slice/cri-containerd-{Id}.scope\n0::/\n");
        byte[] host = "0::/user.slice/user-0.slice/session-1.scope\n"u8.ToArray();
        CgroupContainerIdParser.TryParseProcCgroup(content, out _); // JIT
        CgroupContainerIdParser.TryParseProcCgroup(host, out _);

        long before = GC.GetAllocatedBytesForCurrentThread();
        int found = 0;
        for (int i = 0; i < 1000; i++)
        {
            if (CgroupContainerIdParser.TryParseProcCgroup(content, out ContainerId id) && !id.IsHost)
                found++;
            if (CgroupContainerIdParser.TryParseProcCgroup(host, out _))
                found--;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1000, found);
        Assert.Equal(0, allocated);
    }
}
