using System.Text;
using Kite.Agent.Containers;

namespace Kite.Agent.Tests.Containers;

/// <summary>The resolver across a containerd stop and restart (own daemon: the test stops it).</summary>
public sealed class ContainerResolverRestartTests
{
    [RequiresContainerdFact]
    public async Task RuntimeRestartDelaysMetadataButLosesNothing()
    {
        await using ContainerdFixture containerd = await ContainerdFixture.StartNewAsync();
        RunningContainer before = await containerd.RunAsync(new Dictionary<string, string> { [KubernetesLabels.PodName] = "before-0" });
        RunningContainer during = await containerd.RunAsync(new Dictionary<string, string> { [KubernetesLabels.PodName] = "during-0" });
        var log = new CollectingLogger();
        var cache = new ContainerCache();
        await using var resolver = new ContainerResolver(cache, containerd.RuntimeOptions.CreateClients(), new ContainerResolverOptions
        {
            Logger = log,
            RetryInitialDelay = TimeSpan.FromMilliseconds(50),
            RetryMaxDelay = TimeSpan.FromMilliseconds(500),
        });
        resolver.Start();

        ContainerInfo first = cache.ObserveProcCgroup(File.ReadAllBytes($"/proc/{before.Pid}/cgroup"));
        await cache.WaitForMetadataAsync(first.Id, TimeSpan.FromSeconds(15));
        Assert.Equal("before-0", PodName(first));

        await containerd.StopContainerdAsync();
        ContainerInfo second = cache.ObserveProcCgroup(File.ReadAllBytes($"/proc/{during.Pid}/cgroup"));
        await ContainerResolverContainerdTests.WaitUntilAsync(() => resolver.Stats.Unavailable >= 2);
        Assert.Equal(ContainerMetadataState.Pending, second.State);
        Assert.Equal("<NA>", PodName(second));
        Assert.Equal(during.ShortId, Encoding.ASCII.GetString(second.ShortIdUtf8));
        Assert.Contains(log.Lines, l => l.Contains("unreachable", StringComparison.Ordinal));

        await containerd.StartContainerdAsync();
        await cache.WaitForMetadataAsync(second.Id, TimeSpan.FromSeconds(15));

        Assert.Equal("during-0", PodName(second));
        Assert.Equal("before-0", PodName(first));
        Assert.Equal(2, resolver.Stats.Resolved);
        Assert.Equal(0, resolver.Stats.Errors);
        Assert.Equal(1, resolver.Stats.ReachableRuntimes);
        Assert.Contains(log.Lines, l => l.Contains("reachable again", StringComparison.Ordinal));
    }

    private static string PodName(ContainerInfo info)
        => info.TryGetUtf8(ContainerField.K8sPodName, default, out ReadOnlySpan<byte> v) ? Encoding.UTF8.GetString(v) : "<NA>";
}
