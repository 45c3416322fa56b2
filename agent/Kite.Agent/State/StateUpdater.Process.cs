using Kite.Agent.Events;

namespace Kite.Agent.State;

internal sealed partial class StateUpdater
{
    private const ulong CloneThread = 0x00010000;
    private const ulong CloneFiles = 0x00000400;
    private const int PrSetName = 15;

    /// <summary>
    /// clone/fork/vfork/clone3 exit. The parent's record (res = child tid) and the child's own record (res = 0)
    /// arrive in either order, or only one of them when the ring dropped the other: whichever comes first
    /// creates the child from its parent; the child's record then fills in what it alone reports.
    /// </summary>
    private void ApplyClone(in RawEvent ev)
    {
        long res = ev.GetInt64(ParamIndex.CloneRes);
        if (res != 0)
        {
            // Parent side (or a failed clone): the caller is the event's thread.
            var parent = Threads.FindOrLoad(ev.Tid, ev.Pid, ev.Timestamp);
            Thread = parent;
            int childTid = (int)res;
            if (res < 0 || parent is null || Threads.Find(childTid) is not null)
                return;
            ulong parentFlags = ev.GetUInt64(ParamIndex.CloneFlags);
            bool threadClone = (parentFlags & CloneThread) != 0;
            var child = CreateChild(childTid, threadClone ? parent.Pid : childTid, parent.Process, threadClone, parentFlags, ev.Timestamp);
            child.Comm.Set(parent.Comm);
            return;
        }

        // Child side: the event's thread is the child itself and the record describes it.
        ulong flags = ev.GetUInt64(ParamIndex.CloneFlags);
        bool isThread = (flags & CloneThread) != 0;
        int tid = ev.Tid;
        int pid = ev.Pid;
        var self = Threads.Find(tid);
        if (self is null)
        {
            int ptid = ProcessOfThread((int)ev.GetInt64(ParamIndex.ClonePtid));
            var parentProcess = isThread ? Threads.FindProcess(pid) : Threads.FindOrLoad(ptid, ptid, ev.Timestamp)?.Process;
            self = CreateChild(tid, pid, parentProcess, isThread, flags, ev.Timestamp);
        }
        self.LastSeen = ev.Timestamp;
        Thread = self;
        var process = self.Process;
        if (self.IsLeader)
        {
            process.ParentPid = ProcessOfThread((int)ev.GetInt64(ParamIndex.ClonePtid));
            SetIfPresent(ref process.Exe, ev.GetParam(ParamIndex.CloneExe));
            SetListIfPresent(ref process.Args, ev.GetParam(ParamIndex.CloneArgs));
            SetIfPresent(ref process.Cwd, ev.GetParam(ParamIndex.CloneCwd));
            if (SetListIfPresent(ref process.Cgroups, ev.GetParam(ParamIndex.CloneCgroups)))
                ContainerIdParser.Apply(process, Threads.Containers);
            if (ev.GetParam(ParamIndex.CloneUid).Length == 4)
                process.Uid = (uint)ev.GetUInt64(ParamIndex.CloneUid);
            if (ev.GetParam(ParamIndex.CloneGid).Length == 4)
                process.Gid = (uint)ev.GetUInt64(ParamIndex.CloneGid);
            if (ev.HasParam(ParamIndex.CloneVpid))
                process.Vpid = (int)ev.GetInt64(ParamIndex.CloneVpid);
            if (ev.HasParam(ParamIndex.ClonePidNsInit))
                process.PidNsInitStart = ev.GetUInt64(ParamIndex.ClonePidNsInit);
        }
        SetIfPresent(ref self.Comm, ev.GetParam(ParamIndex.CloneComm));
        if (ev.HasParam(ParamIndex.CloneVtid))
            self.Vtid = (int)ev.GetInt64(ParamIndex.CloneVtid);
    }

    /// <summary>
    /// procexit of a process' last thread with children: they move to the reaper the probe named (reaper_tid),
    /// so proc.ppid, proc.pname and proc.aname[N] of an orphan follow the kernel. The reaper is read from /proc
    /// when the table does not know it yet (an init or subreaper that started before the agent).
    /// </summary>
    private void ApplyReaper(in RawEvent ev)
    {
        long reaper = ev.GetInt64(ParamIndex.ProcexitReaperTid);
        if (reaper <= 0)
            return;
        int reaperPid = Threads.FindOrLoad((int)reaper, (int)reaper, ev.Timestamp)?.Pid ?? (int)reaper;
        Threads.Reparent(ev.Pid, reaperPid);
    }

    /// <summary>
    /// ptid names the parent thread (the one that forked, e.g. a runtime's helper thread); proc.ppid is the
    /// process that thread belongs to.
    /// </summary>
    private int ProcessOfThread(int tid) => Threads.Find(tid)?.Pid ?? tid;

    private ThreadInfo CreateChild(int tid, int pid, ThreadInfo? parentProcess, bool isThread, ulong flags, ulong timestamp)
    {
        ThreadInfo child;
        if (isThread && tid != pid && Threads.Find(pid) is { } leader)
        {
            child = Threads.Create(tid, pid, leader.Process);
        }
        else
        {
            child = Threads.Create(tid, pid, null);
            if (parentProcess is not null)
            {
                child.CopyProcessFieldsFrom(parentProcess);
                child.ParentPid = parentProcess.Pid;
                if (parentProcess.Fds is { } parentFds && child.Fds is { } childFds)
                {
                    if ((flags & CloneFiles) != 0)
                    {
                        // Shares the descriptor table with the parent.
                        if (--childFds.References <= 0)
                            Threads.Pool.Return(childFds);
                        child.Fds = parentFds;
                        parentFds.References++;
                    }
                    else
                    {
                        childFds.CopyFrom(parentFds, Threads.Pool);
                    }
                }
            }
        }
        child.StartTime = timestamp;
        child.LastSeen = timestamp;
        child.Vtid = tid;
        child.Vpid = pid;
        return child;
    }

    /// <summary>execve/execveat exit: on success the process image, credentials and close-on-exec fds change.</summary>
    private void ApplyExec(in RawEvent ev)
    {
        if (ev.GetInt64(ParamIndex.ExecRes) != 0)
            return;
        var thread = Thread;
        if (thread is null)
            return;
        // A non-leader that execs takes over the group (de_thread): the record's tid is already the pid.
        var process = thread.Process;
        SetIfPresent(ref process.Exe, ev.GetParam(ParamIndex.ExecExe));
        SetOrClear(ref process.Args, ev.GetParam(ParamIndex.ExecArgs));
        SetIfPresent(ref process.Cwd, ev.GetParam(ParamIndex.ExecCwd));
        if (SetIfPresent(ref process.Comm, ev.GetParam(ParamIndex.ExecComm)))
            thread.Comm.Set(process.Comm.Span);
        SetOrClear(ref process.Env, ev.GetParam(ParamIndex.ExecEnv));
        if (SetListIfPresent(ref process.Cgroups, ev.GetParam(ParamIndex.ExecCgroups)))
            ContainerIdParser.Apply(process, Threads.Containers);
        SetIfPresent(ref process.ExePath, ev.GetParam(ParamIndex.ExecTrustedExePath));
        if (ev.GetParam(ParamIndex.ExecPtid).Length > 0)
            process.ParentPid = ProcessOfThread((int)ev.GetInt64(ParamIndex.ExecPtid));
        if (ev.GetParam(ParamIndex.ExecTty).Length > 0)
            process.Tty = (uint)ev.GetUInt64(ParamIndex.ExecTty);
        if (ev.GetParam(ParamIndex.ExecVpgid).Length > 0)
            process.Vpgid = (int)ev.GetInt64(ParamIndex.ExecVpgid);
        if (ev.GetParam(ParamIndex.ExecPgid).Length > 0)
            process.Pgid = (int)ev.GetInt64(ParamIndex.ExecPgid);
        if (ev.GetParam(ParamIndex.ExecLoginUid).Length > 0)
            process.LoginUid = (uint)ev.GetUInt64(ParamIndex.ExecLoginUid);
        if (ev.GetParam(ParamIndex.ExecUid).Length > 0)
            process.Uid = (uint)ev.GetUInt64(ParamIndex.ExecUid);
        if (ev.GetParam(ParamIndex.ExecGid).Length > 0)
            process.Gid = (uint)ev.GetUInt64(ParamIndex.ExecGid);
        process.ExeFlags = (uint)ev.GetUInt64(ParamIndex.ExecFlags);
        if (ev.GetParam(ParamIndex.ExecCapPermitted).Length > 0)
        {
            process.CapInheritable = ev.GetUInt64(ParamIndex.ExecCapInheritable);
            process.CapPermitted = ev.GetUInt64(ParamIndex.ExecCapPermitted);
            process.CapEffective = ev.GetUInt64(ParamIndex.ExecCapEffective);
        }
        process.ExeIno = ev.GetUInt64(ParamIndex.ExecExeIno);
        process.ExeInoCtime = ev.GetUInt64(ParamIndex.ExecExeInoCtime);
        process.ExeInoMtime = ev.GetUInt64(ParamIndex.ExecExeInoMtime);
        process.Exited = false;
        process.Fds?.RemoveCloseOnExec(Threads.Pool, Stats);
    }

    private static void ApplyCapset(in RawEvent ev, ThreadInfo process)
    {
        if (ev.GetInt64(0) != 0)
            return;
        process.CapInheritable = ev.GetUInt64(1);
        process.CapPermitted = ev.GetUInt64(2);
        process.CapEffective = ev.GetUInt64(3);
    }

    /// <summary>setuid family: Kite tracks the effective uid (user.uid), as Falco does.</summary>
    private static void ApplySetUid(EventType type, in RawEvent ev, ThreadInfo process)
    {
        if (ev.GetInt64(0) != 0)
            return;
        uint euid = type == EventType.Setuid ? (uint)ev.GetUInt64(1) : (uint)ev.GetUInt64(2);
        if (euid != uint.MaxValue)
            process.Uid = euid;
    }

    private static void ApplySetGid(EventType type, in RawEvent ev, ThreadInfo process)
    {
        if (ev.GetInt64(0) != 0)
            return;
        uint egid = type == EventType.Setgid ? (uint)ev.GetUInt64(1) : (uint)ev.GetUInt64(2);
        if (egid != uint.MaxValue)
            process.Gid = egid;
    }

    private static void ApplySetsid(in RawEvent ev, ThreadInfo process)
    {
        long sid = ev.GetInt64(0);
        if (sid <= 0)
            return;
        process.Sid = (int)sid;
        process.Pgid = (int)sid;
    }

    private static void ApplySetpgid(in RawEvent ev, ThreadInfo process)
    {
        if (ev.GetInt64(0) != 0)
            return;
        long pid = ev.GetInt64(1);
        long pgid = ev.GetInt64(2);
        if (pid == 0 || pid == process.Pid || pid == process.Vpid)
            process.Pgid = pgid == 0 ? process.Pid : (int)pgid;
    }

    private void ApplyPrctl(in RawEvent ev)
    {
        if (ev.GetInt64(0) != 0 || ev.GetInt64(1) != PrSetName || Thread is null)
            return;
        ReadOnlySpan<byte> name = ev.GetString(2);
        if (!name.IsEmpty)
            Thread.Comm.Set(name[..Math.Min(name.Length, 15)]);
    }

    private void ApplyChdir(in RawEvent ev, ThreadInfo process)
    {
        if (ev.GetInt64(0) != 0)
            return;
        int n = PathResolver.Resolve(process.Cwd.Span, ev.GetString(1), _pathScratch);
        process.Cwd.Set(_pathScratch.AsSpan(0, n));
    }

    private void ApplyFchdir(in RawEvent ev, ThreadInfo process)
    {
        if (ev.GetInt64(0) != 0)
            return;
        var fd = process.Fds?.Find((int)ev.GetInt64(1));
        Fd = fd;
        if (fd is not null && fd.Name.HasValue)
            process.Cwd.Set(fd.Name.Span);
    }

    /// <summary>Sets <paramref name="target"/> when the parameter was collected (length > 0); true if set.</summary>
    private static bool SetIfPresent(ref Utf8Text target, ReadOnlySpan<byte> param)
    {
        if (param.IsEmpty)
            return false;
        target.Set(ParamValue.ToCString(param));
        return true;
    }

    private static bool SetListIfPresent(ref Utf8Text target, ReadOnlySpan<byte> param)
    {
        if (param.IsEmpty)
            return false;
        target.Set(param);
        return true;
    }

    /// <summary>For lists (args, env) of a successful exec an empty parameter is a real empty list.</summary>
    private static void SetOrClear(ref Utf8Text target, ReadOnlySpan<byte> param) => target.Set(param);
}
