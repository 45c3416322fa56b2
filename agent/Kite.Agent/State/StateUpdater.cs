using Kite.Agent.Events;

namespace Kite.Agent.State;

/// <summary>
/// Applies each event to the thread and fd tables (libsinsp's parsers): clone/exec/exit, opens, closes,
/// dups, sockets, chdir, credentials. Call <see cref="Apply"/> once per event on the capture thread, then read
/// <see cref="Thread"/> and <see cref="Fd"/> for field extraction. Removals caused by an event (close, exit)
/// are deferred to the next <see cref="Apply"/> so that the event itself still sees what it closed.
/// No allocation in steady state: entries and their text buffers are pooled.
/// </summary>
internal sealed partial class StateUpdater
{
    private readonly byte[] _pathScratch = new byte[PathResolver.MaxLength];

    // Deferred removals of the previous event.
    private int _pendingCloseFd = -1;
    private FdTable? _pendingCloseTable;
    private int _pendingExitTid;

    public StateUpdater(ThreadTable threads, UserTable? users = null)
    {
        Threads = threads;
        Users = users ?? new UserTable(threads.Proc.Root);
    }

    public ThreadTable Threads { get; }

    public UserTable Users { get; }

    public StateStats Stats => Threads.Stats;

    /// <summary>The thread of the last applied event (null when unknown even after a /proc lookup).</summary>
    public ThreadInfo? Thread { get; private set; }

    /// <summary>The fd the last event is about (the fd it used, created, or closed), when the table knows it.</summary>
    public FdInfo? Fd { get; private set; }

    /// <summary>fd.name_changed: the last event changed the fd's name (a datagram to a new peer).</summary>
    public bool NameChanged { get; private set; }

    /// <summary>Events applied so far; evt.num of the last one.</summary>
    public ulong EventNumber { get; private set; }

    /// <summary>Updates state from <paramref name="ev"/> and selects its thread and fd.</summary>
    public ThreadInfo? Apply(in RawEvent ev)
    {
        FlushDeferred();
        EventNumber++;
        Fd = null;
        NameChanged = false;
        var type = (EventType)ev.TypeId;
        if (type is EventType.Clone or EventType.Clone3 or EventType.Fork or EventType.Vfork)
        {
            // A new child is not looked up in /proc: its own record creates it.
            Thread = null;
            ApplyClone(ev);
            return Thread;
        }

        var thread = Threads.FindOrLoad(ev.Tid, ev.Pid, ev.Timestamp);
        Thread = thread;
        switch (type)
        {
            case EventType.Execve or EventType.Execveat:
                ApplyExec(ev);
                break;
            case EventType.Procexit:
                _pendingExitTid = ev.Tid;
                ApplyReaper(ev);
                break;
            default:
                if (thread is not null)
                    ApplyToProcess(type, ev, thread.Process);
                break;
        }
        return Thread;
    }

    private void ApplyToProcess(EventType type, in RawEvent ev, ThreadInfo process)
    {
        switch (type)
        {
            case EventType.Open or EventType.Openat or EventType.Openat2 or EventType.Creat or EventType.OpenByHandleAt:
                ApplyOpen(type, ev, process);
                break;
            case EventType.Close:
                ApplyClose(ev, process);
                break;
            case EventType.CloseRange:
                ApplyCloseRange(ev, process);
                break;
            case EventType.Dup or EventType.Dup2 or EventType.Dup3:
                ApplyDup(type, ev, process);
                break;
            case EventType.Fcntl:
                ApplyFcntl(ev, process);
                break;
            case EventType.Pipe or EventType.Pipe2:
                ApplyPipe(type, ev, process);
                break;
            case EventType.Socket:
                ApplySocket(ev, process);
                break;
            case EventType.Socketpair:
                ApplySocketpair(ev, process);
                break;
            case EventType.Connect:
                ApplyConnect(ev, process);
                break;
            case EventType.Accept or EventType.Accept4:
                ApplyAccept(type, ev, process);
                break;
            case EventType.Bind:
                ApplyBind(ev, process);
                break;
            case EventType.Listen:
                ApplyListen(ev, process);
                break;
            case EventType.Sendto or EventType.Sendmsg or EventType.Sendmmsg
                or EventType.Recvfrom or EventType.Recvmsg or EventType.Recvmmsg:
                ApplyDatagram(type, ev, process);
                break;
            case EventType.Chdir:
                ApplyChdir(ev, process);
                break;
            case EventType.Fchdir:
                ApplyFchdir(ev, process);
                break;
            case EventType.Setuid or EventType.Setreuid or EventType.Setresuid:
                ApplySetUid(type, ev, process);
                break;
            case EventType.Setgid or EventType.Setregid or EventType.Setresgid:
                ApplySetGid(type, ev, process);
                break;
            case EventType.Capset:
                ApplyCapset(ev, process);
                break;
            case EventType.Setsid:
                ApplySetsid(ev, process);
                break;
            case EventType.Setpgid:
                ApplySetpgid(ev, process);
                break;
            case EventType.Prctl:
                ApplyPrctl(ev);
                break;
            case EventType.MemfdCreate:
                ApplyMemfd(ev, process);
                break;
            case EventType.Eventfd or EventType.Eventfd2:
                ApplyNewFd(type, ev, process, FdType.Event);
                break;
            case EventType.Signalfd or EventType.Signalfd4:
                ApplySignalfd(type, ev, process);
                break;
            case EventType.InotifyInit or EventType.InotifyInit1:
                ApplyNewFd(type, ev, process, FdType.Inotify);
                break;
            case EventType.TimerfdCreate:
                ApplyNewFd(type, ev, process, FdType.TimerFd);
                break;
            case EventType.EpollCreate or EventType.EpollCreate1:
                ApplyNewFd(type, ev, process, FdType.EventPoll);
                break;
            case EventType.IoUringSetup:
                ApplyNewFd(type, ev, process, FdType.IoUring, alwaysCloseOnExec: true);
                break;
            case EventType.Userfaultfd:
                ApplyNewFd(type, ev, process, FdType.UserFaultFd);
                break;
            case EventType.Bpf:
                if (BpfCommandCreatesFd(ev.GetInt64(1)))
                    ApplyNewFd(type, ev, process, FdType.Bpf, alwaysCloseOnExec: true);
                break;
            case EventType.PidfdOpen:
                ApplyNewFd(type, ev, process, FdType.PidFd, alwaysCloseOnExec: true);
                break;
            case EventType.PidfdGetfd:
                ApplyNewFd(type, ev, process, FdType.Unknown, alwaysCloseOnExec: true);
                break;
            default:
                SelectFdParam(type, ev, process);
                break;
        }
    }

    /// <summary>Events that only use an fd (read-only for state): select it for the fd.* fields.</summary>
    private void SelectFdParam(EventType type, in RawEvent ev, ThreadInfo process)
    {
        int index = ParamIndex.FdParamOf(type);
        if (index < 0 || process.Fds is null)
            return;
        int fd = (int)ev.GetInt64(index);
        if (fd < 0)
            return;
        Fd = process.Fds.Find(fd);
        if (Fd is null)
            Stats.FdMisses++;
    }

    /// <summary>bpf(2) commands whose return value is a new fd (every other command returns 0 on success).</summary>
    private static bool BpfCommandCreatesFd(long cmd) => cmd is 0 or 5 or 7 or 13 or 14 or 17 or 18 or 19 or 28 or 29 or 31 or 36;

    private void FlushDeferred()
    {
        if (_pendingCloseTable is not null)
        {
            _pendingCloseTable.Remove(_pendingCloseFd, Threads.Pool, Stats);
            _pendingCloseTable = null;
            _pendingCloseFd = -1;
        }
        if (_pendingExitTid != 0)
        {
            Threads.Exit(_pendingExitTid);
            _pendingExitTid = 0;
        }
    }

    /// <summary>Applies pending removals now (end of a capture, or before inspecting the tables in tests).</summary>
    public void Flush()
    {
        FlushDeferred();
        Thread = null;
        Fd = null;
    }
}
