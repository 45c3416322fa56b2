using System.Text;
using Kite.Agent.Containers;

namespace Kite.Agent.Tests.Containers;

/// <summary>The resolver against a real containerd + runc (see <see cref="ContainerdFixture"/>).</summary>
public sealed class ContainerResolverContainerdTests(ContainerdFixture containerd) : IClassFixture<ContainerdFixture>
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(15);

    private readonly CollectingLogger _log = new();

    private ContainerResolver NewResolver(ContainerCache cache, ContainerRuntimeOptions? runtime = null, ContainerResolverStats? stats = null) => new(
        cache,
        (runtime ?? containerd.RuntimeOptions).CreateClients(),
        new ContainerResolverOptions
        {
            Logger = _log,
            RetryInitialDelay = TimeSpan.FromMilliseconds(50),
            RetryMaxDelay = TimeSpan.FromMilliseconds(400),
            SweepInterval = TimeSpan.FromSeconds(1),
        },
        stats);

    private static string Field(ContainerInfo info, ContainerField field, string argument = "")
        => info.TryGetUtf8(field, Encoding.UTF8.GetBytes(argument), out ReadOnlySpan<byte> value) ? Encoding.UTF8.GetString(value) : "<NA>";

    [RequiresContainerdFact]
    public async Task RunningKubernetesContainerResolvesToImagePodAndLabels()
    {
        string podUid = Guid.NewGuid().ToString();
        // What the CRI plugin does for a pod: a sandbox carrying the pod's labels, then the app container.
        await containerd.RunAsync(new Dictionary<string, string>
        {
            [KubernetesLabels.CriContainerdKind] = "sandbox",
            [KubernetesLabels.PodName] = "checkout-5f7b9-x2x7q",
            [KubernetesLabels.PodNamespace] = "shop",
            [KubernetesLabels.PodUid] = podUid,
            ["app"] = "checkout",
            ["tier"] = "backend",
        });
        RunningContainer app = await containerd.RunAsync(new Dictionary<string, string>
        {
            [KubernetesLabels.CriContainerdKind] = "container",
            [KubernetesLabels.PodName] = "checkout-5f7b9-x2x7q",
            [KubernetesLabels.PodNamespace] = "shop",
            [KubernetesLabels.PodUid] = podUid,
            [KubernetesLabels.ContainerName] = "checkout",
        });
        var cache = new ContainerCache();
        var metrics = new Kite.Agent.Diagnostics.AgentMetrics();
        await using ContainerResolver resolver = NewResolver(cache, stats: ContainerMetrics.Register(metrics, cache));
        resolver.Start();

        // The id comes from the real process's cgroup, as on the capture thread.
        ContainerInfo info = cache.ObserveProcCgroup(File.ReadAllBytes($"/proc/{app.Pid}/cgroup"));
        Assert.Equal(app.Id, info.Id.ToFullString());
        Assert.Equal(app.ShortId, Field(info, ContainerField.Id));
        await cache.WaitForMetadataAsync(info.Id, s_wait);

        Assert.Equal(ContainerMetadataState.Resolved, info.State);
        Assert.Equal(app.Id, Field(info, ContainerField.FullId));
        Assert.Equal("checkout", Field(info, ContainerField.Name));
        Assert.Equal(ContainerdFixture.ImageReference, Field(info, ContainerField.Image));
        Assert.Equal(ContainerdFixture.ImageRepository, Field(info, ContainerField.ImageRepository));
        Assert.Equal("test", Field(info, ContainerField.ImageTag));
        Assert.Equal(containerd.ImageDigest, Field(info, ContainerField.ImageDigest));
        Assert.Equal("checkout-5f7b9-x2x7q", Field(info, ContainerField.K8sPodName));
        Assert.Equal("shop", Field(info, ContainerField.K8sNamespaceName));
        Assert.Equal(podUid, Field(info, ContainerField.K8sPodUid));
        Assert.Equal("checkout", Field(info, ContainerField.K8sContainerName));
        Assert.Equal("backend", Field(info, ContainerField.K8sPodLabel, "tier"));
        Assert.Equal("(app:checkout,tier:backend)", Field(info, ContainerField.K8sPodLabels));
        Assert.Equal("false", Field(info, ContainerField.Privileged));
        Assert.Equal("/proc", Field(info, ContainerField.MountDest, "proc"));
        Assert.Contains("proc:/proc::true:", Field(info, ContainerField.Mounts), StringComparison.Ordinal);
        Assert.True(info.TryGetStartTimeNs(out long startNs));
        DateTimeOffset started = DateTimeOffset.FromUnixTimeMilliseconds(startNs / 1_000_000);
        Assert.InRange(started, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal(1, resolver.Stats.Resolved);
        Assert.Equal(0, resolver.Stats.Errors);
        string exposition = metrics.ToPrometheusText();
        Assert.Contains("kite_container_lookups_total{result=\"resolved\"} 1", exposition, StringComparison.Ordinal);
        Assert.Contains("kite_containers_cached 1", exposition, StringComparison.Ordinal);
        Assert.Contains("kite_container_runtimes_reachable 1", exposition, StringComparison.Ordinal);
        Assert.Contains(_log.Lines, l => l.Contains("reachable (version", StringComparison.Ordinal));
    }

    [RequiresContainerdFact]
    public async Task PrivilegedContainerReadsPrivileged()
    {
        RunningContainer privileged = await containerd.RunAsync(privileged: true);
        RunningContainer plain = await containerd.RunAsync();
        // The way `kite run` wires it: one object with the cache and the running resolver.
        await using ContainerTracking tracking = ContainerTracking.Start(containerd.RuntimeOptions, new ContainerResolverOptions { Logger = _log });
        ContainerCache cache = tracking.Cache;

        ContainerInfo p = cache.ObserveProcCgroup(File.ReadAllBytes($"/proc/{privileged.Pid}/cgroup"));
        ContainerInfo q = cache.ObserveProcCgroup(File.ReadAllBytes($"/proc/{plain.Pid}/cgroup"));
        await cache.WaitForMetadataAsync(p.Id, s_wait);
        await cache.WaitForMetadataAsync(q.Id, s_wait);

        Assert.Equal("true", Field(p, ContainerField.Privileged));
        Assert.Equal("false", Field(q, ContainerField.Privileged));
        // Not a Kubernetes container: no pod fields, and the name falls back to nothing the runtime knows.
        Assert.Equal("<NA>", Field(p, ContainerField.K8sPodName));
        Assert.Equal(ContainerdFixture.ImageRepository, Field(p, ContainerField.ImageRepository));
    }

    [RequiresContainerdFact]
    public async Task CgroupOfARealContainerProcessParsesToItsId()
    {
        RunningContainer c = await containerd.RunAsync();
        byte[] cgroup = File.ReadAllBytes($"/proc/{c.Pid}/cgroup");

        Assert.True(CgroupContainerIdParser.TryParseProcCgroup(cgroup, out ContainerId id, out ContainerRuntimeKind kind), Encoding.UTF8.GetString(cgroup));
        Assert.Equal(c.Id, id.ToFullString());
        Assert.Equal(ContainerRuntimeKind.Containerd, kind);
        Assert.False(CgroupContainerIdParser.TryParseProcCgroup(File.ReadAllBytes("/proc/self/cgroup"), out _));
    }

    [RequiresContainerdFact]
    public async Task ContainerThatExitsBeforeItsLookupEndsNotFound()
    {
        string id = ContainerdFixture.NewContainerId();
        string output = await containerd.RunToCompletionAsync(id, "cat", "/proc/self/cgroup");
        // Where the container has no cgroup namespace its own view names it too.
        if (output.Contains("/k8s.io/", StringComparison.Ordinal))
            Assert.Contains(id, output, StringComparison.Ordinal);

        var cache = new ContainerCache();
        await using ContainerResolver resolver = NewResolver(cache);
        resolver.Start();
        Assert.True(ContainerId.TryParse(id.AsSpan(), out ContainerId containerId));
        ContainerInfo info = cache.Observe(containerId);
        await cache.WaitForMetadataAsync(containerId, s_wait);

        Assert.Equal(ContainerMetadataState.NotFound, info.State);
        Assert.Equal(id[..12], Field(info, ContainerField.Id));
        Assert.Equal("<NA>", Field(info, ContainerField.ImageRepository));
        Assert.Equal("<NA>", Field(info, ContainerField.K8sPodName));
        Assert.Equal(1, resolver.Stats.NotFound);
        Assert.True(resolver.Stats.Lookups >= 2, resolver.Stats.ToString()); // first try + the not-found retry
        Assert.Equal(0, resolver.Stats.Errors);
    }

    [RequiresContainerdFact]
    public async Task ResolvedContainerIsEvictedOnlyOnceNoTrackedThreadBelongsToIt()
    {
        RunningContainer c = await containerd.RunAsync();
        var cache = new ContainerCache();
        await using var resolver = new ContainerResolver(cache, containerd.RuntimeOptions.CreateClients(), new ContainerResolverOptions
        {
            Logger = _log,
            SweepInterval = TimeSpan.FromMilliseconds(200),
            UnusedEvictionAge = TimeSpan.FromMilliseconds(300),
        });
        resolver.Start();
        var thread = new Kite.Agent.State.ThreadInfo();
        ContainerInfo info = cache.ObserveProcCgroup(File.ReadAllBytes($"/proc/{c.Pid}/cgroup"));
        thread.Container = info; // as the capture thread does when it learns the process' cgroups
        await cache.WaitForMetadataAsync(info.Id, s_wait);
        Assert.Equal(ContainerMetadataState.Resolved, info.State);
        Assert.Equal(1, info.LiveThreads);

        // Several sweeps pass: a container with a live thread stays, however old.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.True(cache.TryGet(info.Id, out _));
        Assert.Equal(0, resolver.Stats.Evicted);

        thread.Container = ContainerInfo.Host; // the process exited (or exec'd into another cgroup)
        Assert.Equal(0, info.LiveThreads);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (cache.TryGet(info.Id, out _) && clock.Elapsed < s_wait)
            await Task.Delay(50);
        Assert.False(cache.TryGet(info.Id, out _), "the unused container was not evicted");
        Assert.Equal(1, resolver.Stats.Evicted);
    }

    [RequiresContainerdFact]
    public async Task MissingRuntimeSocketLeavesFieldsMissingAndKeepsRetrying()
    {
        var runtime = containerd.RuntimeOptions with { ContainerdSockets = [Path.Combine(containerd.Directory, "absent", "containerd.sock")] };
        var cache = new ContainerCache();
        await using ContainerResolver resolver = NewResolver(cache, runtime);
        resolver.Start();
        RunningContainer c = await containerd.RunAsync();
        ContainerInfo info = cache.ObserveProcCgroup(File.ReadAllBytes($"/proc/{c.Pid}/cgroup"));

        ContainerInfo? waited = await cache.WaitForMetadataAsync(info.Id, TimeSpan.FromMilliseconds(300));
        await WaitUntilAsync(() => resolver.Stats.Unavailable >= 2);

        Assert.Same(info, waited);
        Assert.Equal(ContainerMetadataState.Pending, info.State);
        Assert.Equal(c.ShortId, Field(info, ContainerField.Id));
        Assert.Equal("<NA>", Field(info, ContainerField.ImageRepository));
        Assert.True(resolver.Stats.Retries >= 2, resolver.Stats.ToString());
        Assert.Equal(0, resolver.Stats.ReachableRuntimes);
        Assert.Contains(_log.Lines, l => l.Contains("not reachable at start", StringComparison.Ordinal));
    }

    [RequiresContainerdFact]
    public async Task ContainersCommandListsNodeContainersWithTheirPods()
    {
        RunningContainer c = await containerd.RunAsync(new Dictionary<string, string>
        {
            [KubernetesLabels.PodName] = "debug-pod-0",
            [KubernetesLabels.PodNamespace] = "ops",
            [KubernetesLabels.ContainerName] = "debug",
        });
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int exit = Kite.Agent.Cli.KiteCommandLine.Invoke(["containers", "--socket", containerd.SocketPath], stdout, stderr);

        Assert.Equal(0, exit);
        string line = stdout.ToString().Split('\n').Single(l => l.StartsWith(c.ShortId, StringComparison.Ordinal));
        Assert.Contains("debug-pod-0", line, StringComparison.Ordinal);
        Assert.Contains(" ops", line, StringComparison.Ordinal);
        Assert.Contains(ContainerdFixture.ImageReference, line, StringComparison.Ordinal);
        Assert.Contains("containerd", line, StringComparison.Ordinal);
        Assert.Contains("version", stderr.ToString(), StringComparison.Ordinal);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + s_wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("condition not met within " + s_wait);
            await Task.Delay(20);
        }
    }
}
