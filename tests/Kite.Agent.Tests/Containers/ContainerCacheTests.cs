using System.Diagnostics;
using System.Text;
using Kite.Agent.Containers;

namespace Kite.Agent.Tests.Containers;

public sealed class ContainerCacheTests
{
    private static ContainerId NewId()
    {
        Assert.True(ContainerId.TryParse(ContainerdFixture.NewContainerId().AsSpan(), out ContainerId id));
        return id;
    }

    [Fact]
    public void FirstSightingQueuesOneLookupAndLaterSightingsReuseTheEntry()
    {
        var cache = new ContainerCache();
        ContainerId id = NewId();

        ContainerInfo first = cache.Observe(id);
        ContainerInfo second = cache.Observe(id);

        Assert.Same(first, second);
        Assert.Equal(ContainerMetadataState.Pending, first.State);
        Assert.True(cache.PendingLookups.TryRead(out ContainerId queued));
        Assert.Equal(id, queued);
        Assert.False(cache.PendingLookups.TryRead(out _));
        Assert.True(cache.TryGet(id, out ContainerInfo? found));
        Assert.Same(first, found);
    }

    [Fact]
    public void HostIsNeverQueued()
    {
        var cache = new ContainerCache();
        Assert.Same(ContainerInfo.Host, cache.Observe(ContainerId.Host));
        Assert.Same(ContainerInfo.Host, cache.ObserveProcCgroup("0::/user.slice/user-0.slice/session-2.scope\n"u8));
        Assert.False(cache.PendingLookups.TryRead(out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void FullLookupQueueCountsTheDropAndKeepsTheEntry()
    {
        var cache = new ContainerCache(lookupQueueCapacity: 2);
        ContainerId[] ids = [NewId(), NewId(), NewId()];
        foreach (ContainerId id in ids)
            cache.Observe(id);

        Assert.Equal(3, cache.Count);
        Assert.Equal(1, cache.QueueDrops);
        Assert.True(cache.TryGet(ids[2], out ContainerInfo? dropped));
        Assert.True(dropped.TryGetUtf8(ContainerField.Id, default, out ReadOnlySpan<byte> shortId));
        Assert.Equal(ids[2].ToString(), Encoding.ASCII.GetString(shortId));
    }

    [Fact]
    public void ObservingAKnownContainerAllocatesNothing()
    {
        var cache = new ContainerCache();
        byte[] cgroup = Encoding.UTF8.GetBytes($"0::/kubepods/besteffort/pod1234/{ContainerdFixture.NewContainerId()}\n");
        ContainerInfo info = cache.ObserveProcCgroup(cgroup);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
            Assert.Same(info, cache.ObserveProcCgroup(cgroup));
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public async Task WaitForMetadataReturnsWhenTheResolverPublishes()
    {
        var cache = new ContainerCache();
        ContainerId id = NewId();
        ContainerInfo info = cache.Observe(id);

        ValueTask<ContainerInfo?> wait = cache.WaitForMetadataAsync(id, TimeSpan.FromSeconds(30));
        Assert.False(wait.IsCompleted);
        cache.Publish(info, ContainerMetadata.FromRecord(new ContainerRuntimeRecord
        {
            Id = id.ToFullString(), Runtime = "containerd", ImageReference = "docker.io/library/nginx:1.27",
        }));

        ContainerInfo? result = await wait;
        Assert.Same(info, result);
        Assert.Equal(ContainerMetadataState.Resolved, result!.State);
        Assert.True(result.TryGetUtf8(ContainerField.ImageRepository, default, out ReadOnlySpan<byte> repo));
        Assert.Equal("docker.io/library/nginx", Encoding.UTF8.GetString(repo));
    }

    [Fact]
    public async Task WaitForMetadataGivesUpAfterTheTimeoutWithThePendingEntry()
    {
        var cache = new ContainerCache();
        ContainerId id = NewId();
        cache.Observe(id);

        var watch = Stopwatch.StartNew();
        ContainerInfo? result = await cache.WaitForMetadataAsync(id, TimeSpan.FromMilliseconds(100));

        Assert.NotNull(result);
        Assert.Equal(ContainerMetadataState.Pending, result.State);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(90), $"returned after {watch.Elapsed}");
    }

    [Fact]
    public async Task WaitForMetadataReturnsAtOnceForHostUnknownAndFinishedLookups()
    {
        var cache = new ContainerCache();
        ContainerId id = NewId();
        ContainerInfo info = cache.Observe(id);
        cache.Publish(info, null);

        Assert.Same(ContainerInfo.Host, await cache.WaitForMetadataAsync(ContainerId.Host, TimeSpan.FromHours(1)));
        Assert.Null(await cache.WaitForMetadataAsync(NewId(), TimeSpan.FromHours(1)));
        ContainerInfo? notFound = await cache.WaitForMetadataAsync(id, TimeSpan.FromHours(1));
        Assert.Equal(ContainerMetadataState.NotFound, notFound!.State);
    }

    [Fact]
    public async Task FirstAlertHoldEndsWhenMetadataArrives()
    {
        var cache = new ContainerCache();
        ContainerInfo info = cache.Observe(NewId());
        Assert.True(ContainerCache.ShouldHoldFirstAlert(info, TimeSpan.FromSeconds(30)));

        ValueTask hold = cache.HoldFirstAlertAsync(info, TimeSpan.FromSeconds(30));
        Assert.False(hold.IsCompleted);
        cache.Publish(info, ContainerMetadata.FromRecord(new ContainerRuntimeRecord { Id = info.Id.ToFullString(), Runtime = "containerd" }));
        await hold;

        Assert.Equal(ContainerMetadataState.Resolved, info.State);
        Assert.False(ContainerCache.ShouldHoldFirstAlert(info, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task FirstAlertHoldIsBoundedByTheContainersFirstSighting()
    {
        var cache = new ContainerCache();
        ContainerInfo info = cache.Observe(NewId());
        await Task.Delay(150);

        // The window (first seen + 100 ms) is over: a container whose runtime is down is not held again.
        Assert.False(ContainerCache.ShouldHoldFirstAlert(info, TimeSpan.FromMilliseconds(100)));
        var watch = Stopwatch.StartNew();
        await cache.HoldFirstAlertAsync(info, TimeSpan.FromMilliseconds(100));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
        Assert.False(ContainerCache.ShouldHoldFirstAlert(ContainerInfo.Host, TimeSpan.FromSeconds(1)));
        Assert.False(ContainerCache.ShouldHoldFirstAlert(info, TimeSpan.Zero));
    }

    [Fact]
    public void FindAcceptsShortAndFullIds()
    {
        var cache = new ContainerCache();
        ContainerId id = NewId();
        ContainerInfo info = cache.Observe(id);
        Assert.Same(info, cache.Find(id.ToString()));
        Assert.Same(info, cache.Find(id.ToFullString()));
        Assert.Same(ContainerInfo.Host, cache.Find("host"));
        Assert.Null(cache.Find("0123456789ab"));
    }

    [Fact]
    public void ThreadsCountTowardTheirContainerUntilTheyLeaveIt()
    {
        var cache = new ContainerCache();
        Assert.True(ContainerId.TryParse(new string('a', 64).AsSpan(), out ContainerId id));
        ContainerInfo info = cache.Observe(id);
        var parent = new Kite.Agent.State.ThreadInfo { Container = info };
        var child = new Kite.Agent.State.ThreadInfo();
        child.CopyProcessFieldsFrom(parent); // fork
        Assert.Equal(2, info.LiveThreads);
        Assert.Equal(TimeSpan.Zero, info.UnusedFor);

        child.Container = info; // setting the same container again does not count twice
        Assert.Equal(2, info.LiveThreads);
        parent.Container = ContainerInfo.Host; // exec into the host's cgroup
        child.ResetForPool(); // exit
        Assert.Equal(0, info.LiveThreads);
        Assert.Equal(0, ContainerInfo.Host.LiveThreads); // the host entry is never counted or evicted
    }
}
