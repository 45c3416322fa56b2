using System.Text;
using BenchmarkDotNet.Attributes;
using Kite.Agent.Containers;

namespace Kite.Benchmarks.Containers;

/// <summary>
/// What the capture thread pays for containers: parsing a cgroup list at clone/exec, observing a known
/// container, and extracting a container field (all expected allocation-free).
/// </summary>
[MemoryDiagnoser]
public class ContainerLookupBenchmarks
{
    private const string Id = "3f1c2b8a9d0e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c";

    private readonly byte[] _systemdCgroupList = Encoding.UTF8.GetBytes(
        "cpuset=/\0cpu=/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1c4f1e3a_7b2d_4c1e_9f0a_2b3c4d5e6f70.slice/cri-containerd-"
        + Id + ".scope\0memory=/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1c4f1e3a_7b2d_4c1e_9f0a_2b3c4d5e6f70.slice/cri-containerd-" + Id + ".scope\0");

    private readonly byte[] _hostCgroupList = "cpuset=/\0cpu=/user.slice/user-0.slice/session-4.scope\0unified=/user.slice/user-0.slice/session-4.scope\0"u8.ToArray();

    private readonly byte[] _globArgument = "/var/run/*.sock"u8.ToArray();

    private ContainerCache _cache = null!;
    private ContainerInfo _resolved = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cache = new ContainerCache();
        _resolved = _cache.ObserveCgroupList(_systemdCgroupList);
        _cache.Publish(_resolved, ContainerMetadata.FromRecord(new ContainerRuntimeRecord
        {
            Id = Id,
            Runtime = "containerd",
            ImageReference = "docker.io/library/nginx:1.27",
            Mounts =
            [
                new ContainerMount("/proc", "/host/proc", "bind", "", false, "rslave"),
                new ContainerMount("/var/run/docker.sock", "/var/run/docker.sock", "bind", "", true, "rprivate"),
            ],
        }));
    }

    [Benchmark(Baseline = true)]
    public bool ParseContainerCgroupList() => CgroupContainerIdParser.TryParseCgroupList(_systemdCgroupList, out _, out _);

    [Benchmark]
    public bool ParseHostCgroupList() => CgroupContainerIdParser.TryParseCgroupList(_hostCgroupList, out _, out _);

    [Benchmark]
    public bool ObserveKnownContainer() => _cache.ObserveCgroupList(_systemdCgroupList).IsHost;

    [Benchmark]
    public int ExtractImageRepository() => _resolved.TryGetUtf8(ContainerField.ImageRepository, default, out ReadOnlySpan<byte> v) ? v.Length : 0;

    [Benchmark]
    public int ExtractMountDestByGlob() => _resolved.TryGetUtf8(ContainerField.MountDest, _globArgument, out ReadOnlySpan<byte> v) ? v.Length : 0;
}
