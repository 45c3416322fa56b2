using Kite.Agent.Events;
using Kite.Agent.State;

namespace Kite.Agent.Tests.State;

public sealed class StateUpdaterProcessTests
{
    private const long CloneThread = 0x10000;
    private const long AtFdCwd = -100;

    private readonly StateFixture _state = new();

    private Tests.Events.EventBuilder ChildCloneRecord(int child) =>
        _state.Event(EventType.Clone, child, child).Set("res", 0).Set("exe", "/usr/bin/app").Set("args", "--serve")
            .Set("tid", child).Set("pid", child).Set("ptid", StateFixture.Pid).Set("cwd", "/srv").Set("comm", "app")
            .Set("cgroups", "cpu=/", "memory=/system.slice/docker-" + new string('a', 64) + ".scope")
            .Set("flags", 0L).Set("uid", 1000).Set("gid", 1000).Set("vtid", 1).Set("vpid", 1);

    [Fact]
    public void ChildCloneRecordCreatesTheChildWithItsParentAndInheritedFds()
    {
        int child = StateFixture.Pid + 1;
        _state.Apply(_state.Event(EventType.Openat).Set("fd", 3).Set("dirfd", AtFdCwd).Set("name", "/etc/hosts"));

        _state.Apply(ChildCloneRecord(child));

        var t = _state.Threads.Find(child)!;
        Assert.Equal(StateFixture.Pid, t.ParentPid);
        Assert.Equal("app", StateFixture.Text(t.Comm));
        Assert.Equal("/srv", StateFixture.Text(t.Cwd));
        Assert.Equal("aaaaaaaaaaaa", StateFixture.Text(t.ContainerId));
        Assert.Equal(1000u, t.Uid);
        Assert.Equal(1, t.Vpid);
        Assert.Equal("/etc/hosts", StateFixture.Text(_state.FdOf(3, child)!.Name));
        Assert.NotSame(_state.Process.Fds, t.Fds);
        Assert.Same(t, _state.Updater.Thread);
    }

    [Fact]
    public void ParentCloneRecordCreatesTheChildFromTheParentWhenItComesFirst()
    {
        int child = StateFixture.Pid + 2;
        _state.Apply(_state.Event(EventType.Clone).Set("res", child).Set("flags", 0L));

        var t = _state.Threads.Find(child)!;
        Assert.Equal(StateFixture.Pid, t.ParentPid);
        Assert.Equal("/usr/bin/app", StateFixture.Text(t.Exe));
        Assert.Same(_state.Process, _state.Updater.Thread);

        _state.Apply(ChildCloneRecord(child));
        Assert.Equal("/srv", StateFixture.Text(_state.Threads.Find(child)!.Cwd));
    }

    [Fact]
    public void ThreadCloneSharesTheProcessAndItsFds()
    {
        int tid = StateFixture.Pid + 3;
        _state.Apply(_state.Event(EventType.Clone).Set("res", tid).Set("flags", CloneThread));

        var thread = _state.Threads.Find(tid)!;
        Assert.Same(_state.Process, thread.Process);
        Assert.Same(_state.Process.Fds, thread.Fds);

        _state.Apply(_state.Event(EventType.Openat, tid, StateFixture.Pid).Set("fd", 5).Set("dirfd", AtFdCwd).Set("name", "/a"));
        Assert.NotNull(_state.FdOf(5));
    }

    [Fact]
    public void ExecReplacesTheImageAndDropsCloseOnExecFds()
    {
        _state.Apply(_state.Event(EventType.Openat).Set("fd", 3).Set("dirfd", AtFdCwd).Set("name", "/keep"));
        _state.Apply(_state.Event(EventType.Openat).Set("fd", 4).Set("dirfd", AtFdCwd).Set("name", "/drop").Set("flags", 0x80000L));

        _state.Apply(_state.Event(EventType.Execve).Set("res", 0).Set("exe", "/bin/true").Set("args", "a", "b")
            .Set("comm", "true").Set("trusted_exepath", "/usr/bin/true").Set("env", "HOME=/root", "X=1")
            .Set("cwd", "/home/user").Set("uid", 0).Set("gid", 0).Set("loginuid", 1000).Set("cap_permitted", 0x1ffL)
            .Set("cap_effective", 0x1ffL).Set("cap_inheritable", 0L).Set("tty", 34816));

        var p = _state.Process;
        Assert.Equal("true", StateFixture.Text(p.Comm));
        Assert.Equal("/bin/true", StateFixture.Text(p.Exe));
        Assert.Equal("a\0b\0", StateFixture.Text(p.Args));
        Assert.Equal("/usr/bin/true", StateFixture.Text(p.ExePath));
        Assert.Equal(1000u, p.LoginUid);
        Assert.Equal(0x1ffUL, p.CapEffective);
        Assert.Equal(34816u, p.Tty);
        Assert.NotNull(_state.FdOf(3));
        Assert.Null(_state.FdOf(4));
    }

    [Fact]
    public void FailedExecChangesNothing()
    {
        _state.Apply(_state.Event(EventType.Execve).Set("res", -2).Set("exe", "/nope").Set("comm", "nope"));
        Assert.Equal("app", StateFixture.Text(_state.Process.Comm));
    }

    [Fact]
    public void ProcexitRemovesTheThreadAfterItsOwnEvent()
    {
        int child = StateFixture.Pid + 4;
        _state.Apply(ChildCloneRecord(child));
        _state.Apply(_state.Event(EventType.Procexit, child, child).Set("status", 0).Set("ret", 0));

        Assert.NotNull(_state.Updater.Thread);
        _state.Updater.Flush();
        Assert.Null(_state.Threads.Find(child));
    }

    [Fact]
    public void ProcexitWithAReaperGivesTheExitingProcessChildrenToIt()
    {
        int child = StateFixture.Pid + 6;
        int sibling = StateFixture.Pid + 7;
        _state.Apply(ChildCloneRecord(child));
        _state.Apply(ChildCloneRecord(sibling).Set("ptid", StateFixture.ParentPid));

        // The process exits leaving its child behind; the probe names the grandparent (a subreaper) as reaper.
        _state.Apply(_state.Event(EventType.Procexit).Set("status", 0).Set("ret", 0).Set("reaper_tid", StateFixture.ParentPid));

        Assert.Equal(StateFixture.ParentPid, _state.Threads.Find(child)!.ParentPid);
        Assert.Equal("bash", StateFixture.Text(_state.Threads.Ancestor(_state.Threads.Find(child)!, 1)!.Comm));
        Assert.Equal(StateFixture.ParentPid, _state.Threads.Find(sibling)!.ParentPid); // not a child of the exiting one: unchanged
        Assert.Equal(1UL, _state.Threads.Stats.ProcessesReparented);
    }

    [Fact]
    public void ProcexitWithoutAReaperLeavesTheChildrenWhereTheyAre()
    {
        int child = StateFixture.Pid + 8;
        _state.Apply(ChildCloneRecord(child));

        // reaper_tid 0: another thread of the process lives on, or there is no child.
        _state.Apply(_state.Event(EventType.Procexit).Set("status", 0).Set("ret", 0).Set("reaper_tid", 0));

        Assert.Equal(StateFixture.Pid, _state.Threads.Find(child)!.ParentPid);
        Assert.Equal(0UL, _state.Threads.Stats.ProcessesReparented);
    }

    [Fact]
    public void PrctlSetNameRenamesTheThread()
    {
        _state.Apply(_state.Event(EventType.Prctl).Set("res", 0).Set("option", 15).Set("arg2_str", "worker-1"));

        Assert.Equal("worker-1", StateFixture.Text(_state.Process.Comm));
    }

    [Fact]
    public void AncestorsAreWalkedThroughTheParentChain()
    {
        int child = StateFixture.Pid + 5;
        _state.Apply(ChildCloneRecord(child));
        var t = _state.Threads.Find(child)!;

        Assert.Same(t, _state.Threads.Ancestor(t, 0));
        Assert.Equal("app", StateFixture.Text(_state.Threads.Ancestor(t, 1)!.Comm));
        Assert.Equal("bash", StateFixture.Text(_state.Threads.Ancestor(t, 2)!.Comm));
        Assert.Null(_state.Threads.Ancestor(t, 3));
    }

    [Fact]
    public void SetuidChangesTheEffectiveUid()
    {
        _state.Apply(_state.Event(EventType.Setuid).Set("res", 0).Set("uid", 65534));
        Assert.Equal(65534u, _state.Process.Uid);
        _state.Apply(_state.Event(EventType.Setresuid).Set("res", 0).Set("ruid", -1).Set("euid", 33).Set("suid", -1));
        Assert.Equal(33u, _state.Process.Uid);
    }

    [Fact]
    public void ThreadLimitEvictsAndCounts()
    {
        var threads = new ThreadTable(new StateLimits { MaxThreads = 16 }, new ProcReader(new HostRoot("/nonexistent")));
        for (int i = 0; i < 40; i++)
        {
            var t = threads.Create(StateFixture.Pid + i, StateFixture.Pid + i, null);
            t.LastSeen = (ulong)i;
        }
        Assert.True(threads.Count <= 16);
        Assert.True(threads.Stats.ThreadsEvicted > 0);
        Assert.NotNull(threads.Find(StateFixture.Pid + 39));
    }

    [Fact]
    public void UnknownThreadIsCountedAsAMiss()
    {
        _state.Apply(_state.Event(EventType.Close, 6_000_000, 6_000_000).Set("res", 0).Set("fd", 3));
        Assert.Null(_state.Updater.Thread);
        Assert.Equal(1UL, _state.Threads.Stats.ThreadMisses);
    }
}
