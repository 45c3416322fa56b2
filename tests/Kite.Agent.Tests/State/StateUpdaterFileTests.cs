using Kite.Agent.Events;
using Kite.Agent.State;

namespace Kite.Agent.Tests.State;

public sealed class StateUpdaterFileTests
{
    private const uint OWronly = 1;
    private const uint OCloexec = 0x80000;
    private const uint ODirectory = 0x10000;
    private const long AtFdCwd = -100;

    private readonly StateFixture _state = new();

    [Fact]
    public void SuccessfulOpenatAddsAFileFdWithItsAbsolutePath()
    {
        _state.Apply(_state.Event(EventType.Openat).Set("fd", 3).Set("dirfd", AtFdCwd).Set("name", "/etc/shadow").Set("flags", 0L));

        var fd = _state.FdOf(3);
        Assert.NotNull(fd);
        Assert.Equal(FdType.File, fd.Type);
        Assert.Equal("/etc/shadow", StateFixture.Text(fd.Name));
        Assert.Same(fd, _state.Updater.Fd);
    }

    [Fact]
    public void FailedOpenLeavesNoEntry()
    {
        _state.Apply(_state.Event(EventType.Openat).Set("fd", -2).Set("dirfd", AtFdCwd).Set("name", "/nope"));

        Assert.Equal(0, _state.Process.Fds!.Count);
        Assert.Null(_state.Updater.Fd);
    }

    [Fact]
    public void RelativePathIsResolvedAgainstTheCwdAndNormalised()
    {
        _state.Apply(_state.Event(EventType.Openat).Set("fd", 4).Set("dirfd", AtFdCwd).Set("name", "./docs/../notes//a.txt"));

        var fd = _state.FdOf(4)!;
        Assert.Equal("/home/user/notes/a.txt", StateFixture.Text(fd.Name));
        Assert.Equal("./docs/../notes//a.txt", StateFixture.Text(fd.NameRaw));
    }

    [Fact]
    public void RelativePathAfterChdirResolvesAgainstTheNewCwd()
    {
        _state.Apply(_state.Event(EventType.Chdir).Set("res", 0).Set("path", "../../tmp/job"));
        _state.Apply(_state.Event(EventType.Open).Set("fd", 5).Set("name", "out.log").Set("flags", (long)OWronly));

        Assert.Equal("/tmp/job", StateFixture.Text(_state.Process.Cwd));
        Assert.Equal("/tmp/job/out.log", StateFixture.Text(_state.FdOf(5)!.Name));
    }

    [Fact]
    public void OpenatRelativeToADirectoryFdUsesThatDirectory()
    {
        _state.Apply(_state.Event(EventType.Openat).Set("fd", 7).Set("dirfd", AtFdCwd).Set("name", "/var/lib").Set("flags", (long)ODirectory));
        _state.Apply(_state.Event(EventType.Openat).Set("fd", 8).Set("dirfd", 7).Set("name", "dpkg/status"));

        Assert.Equal(FdType.Directory, _state.FdOf(7)!.Type);
        Assert.Equal("/var/lib/dpkg/status", StateFixture.Text(_state.FdOf(8)!.Name));
    }

    [Fact]
    public void CloseKeepsTheFdVisibleForItsOwnEventThenRemovesIt()
    {
        _state.Apply(_state.Event(EventType.Openat).Set("fd", 3).Set("dirfd", AtFdCwd).Set("name", "/etc/hosts"));
        _state.Apply(_state.Event(EventType.Close).Set("res", 0).Set("fd", 3));

        Assert.Equal("/etc/hosts", StateFixture.Text(_state.Updater.Fd!.Name));
        _state.Updater.Flush();
        Assert.Null(_state.FdOf(3));
    }

    [Fact]
    public void DupCopiesTheEntryUnderTheNewNumber()
    {
        _state.Apply(_state.Event(EventType.Openat).Set("fd", 3).Set("dirfd", AtFdCwd).Set("name", "/etc/hosts").Set("flags", (long)OCloexec));
        _state.Apply(_state.Event(EventType.Dup2).Set("res", 1).Set("oldfd", 3).Set("newfd", 1));

        var copy = _state.FdOf(1)!;
        Assert.Equal("/etc/hosts", StateFixture.Text(copy.Name));
        Assert.False(copy.CloseOnExec);
        Assert.Same(copy, _state.Updater.Fd);
    }

    [Fact]
    public void CloseRangeRemovesEveryFdInTheRange()
    {
        for (int fd = 3; fd <= 6; fd++)
            _state.Apply(_state.Event(EventType.Openat).Set("fd", fd).Set("dirfd", AtFdCwd).Set("name", $"/f{fd}"));
        _state.Apply(_state.Event(EventType.CloseRange).Set("res", 0).Set("fd", 4).Set("max_fd", 5).Set("flags", 0));

        Assert.NotNull(_state.FdOf(3));
        Assert.Null(_state.FdOf(4));
        Assert.Null(_state.FdOf(5));
        Assert.NotNull(_state.FdOf(6));
    }

    [Fact]
    public void PipeAddsBothEnds()
    {
        _state.Apply(_state.Event(EventType.Pipe2).Set("res", 0).Set("fd1", 3).Set("fd2", 4).Set("ino", 777).Set("flags", 0L));

        Assert.Equal(FdType.Pipe, _state.FdOf(3)!.Type);
        Assert.Equal("pipe:[777]", StateFixture.Text(_state.FdOf(4)!.Name));
    }

    [Fact]
    public void MemfdIsNamedAfterItsName()
    {
        _state.Apply(_state.Event(EventType.MemfdCreate).Set("fd", 9).Set("name", "payload").Set("flags", 0L));

        Assert.Equal(FdType.Memfd, _state.FdOf(9)!.Type);
        Assert.Equal("memfd:payload", StateFixture.Text(_state.FdOf(9)!.Name));
    }

    [Fact]
    public void FdsCreatedCloseOnExecGoAtExecAndTheOthersStay()
    {
        const long OCloexec = 0x80000; // TFD_CLOEXEC, SFD_CLOEXEC, ... are all O_CLOEXEC
        _state.Apply(_state.Event(EventType.TimerfdCreate).Set("res", 7).Set("clockid", 1).Set("flags", OCloexec));
        _state.Apply(_state.Event(EventType.TimerfdCreate).Set("res", 8).Set("clockid", 1).Set("flags", 0L));
        _state.Apply(_state.Event(EventType.Signalfd4).Set("res", 9).Set("fd", -1).Set("flags", OCloexec));
        _state.Apply(_state.Event(EventType.Eventfd).Set("res", 10).Set("initval", 0).Set("flags", 0L));
        _state.Apply(_state.Event(EventType.IoUringSetup).Set("res", 11).Set("entries", 4)); // always close-on-exec

        _state.Apply(_state.Event(EventType.Execve).Set("res", 0).Set("exe", "/bin/true").Set("comm", "true"));

        Assert.Null(_state.FdOf(7));
        Assert.NotNull(_state.FdOf(8));
        Assert.Null(_state.FdOf(9));
        Assert.NotNull(_state.FdOf(10));
        Assert.Null(_state.FdOf(11));
    }

    [Fact]
    public void FdLimitPerProcessIsEnforcedAndCounted()
    {
        var threads = new ThreadTable(new StateLimits { MaxFdsPerProcess = 2 }, new ProcReader(new HostRoot("/nonexistent")));
        var updater = new StateUpdater(threads);
        var p = threads.Create(StateFixture.Pid, StateFixture.Pid, null);
        p.Cwd.Set("/"u8);
        for (int fd = 3; fd < 6; fd++)
        {
            byte[] record = Events.EventBuilder.Of(EventType.Openat, StateFixture.Pid, StateFixture.Pid).Set("fd", fd).Set("dirfd", AtFdCwd).Set("name", "/x").Build();
            RawEvent.TryRead(record, out var ev);
            updater.Apply(ev);
        }

        Assert.Equal(2, p.Fds!.Count);
        Assert.Equal(1UL, threads.Stats.FdsDroppedAtLimit);
    }
}
