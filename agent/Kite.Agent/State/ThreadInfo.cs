namespace Kite.Agent.State;

/// <summary>
/// One thread, and for a thread-group leader (Tid == Pid) the process it leads: process-wide fields
/// (exe, args, cwd, env, credentials, fds) are kept on the leader and read through <see cref="Process"/>.
/// Pooled by <see cref="ThreadTable"/>; strings are owned copies (<see cref="Utf8Text"/>), never views into the ring.
/// </summary>
internal sealed class ThreadInfo
{
    public int Tid;

    /// <summary>Thread-group id (the process id).</summary>
    public int Pid;

    /// <summary>Process id of the parent (proc.ppid).</summary>
    public int ParentPid;

    /// <summary>Ids inside the thread's own pid namespace.</summary>
    public int Vtid;

    public int Vpid;

    public int Pgid;

    public int Vpgid;

    /// <summary>Session id.</summary>
    public int Sid;

    public uint Uid;

    public uint Gid;

    /// <summary>Audit login uid; uint.MaxValue when unset.</summary>
    public uint LoginUid = uint.MaxValue;

    /// <summary>Controlling terminal device number, 0 if none.</summary>
    public uint Tty;

    /// <summary>Process start (clone) time, ns since boot.</summary>
    public ulong StartTime;

    public ulong CapInheritable;

    public ulong CapPermitted;

    public ulong CapEffective;

    public ulong ExeIno;

    /// <summary>ctime/mtime of the executable's inode, ns since the epoch.</summary>
    public ulong ExeInoCtime;

    public ulong ExeInoMtime;

    /// <summary>execve flags (EXE_WRITABLE, EXE_UPPER_LAYER, EXE_FROM_MEMFD, EXE_LOWER_LAYER).</summary>
    public uint ExeFlags;

    /// <summary>Start of the init of the pid namespace, ns since boot (container start time).</summary>
    public ulong PidNsInitStart;

    /// <summary>Time of the last event of this thread, ns since boot (stale-entry eviction).</summary>
    public ulong LastSeen;

    /// <summary>The thread exited but its leader slot is kept while other threads of the group live.</summary>
    public bool Exited;

    /// <summary>Live threads of the group (leader only).</summary>
    public int ThreadCount;

    /// <summary>proc.name: the kernel comm (15 bytes at most).</summary>
    public Utf8Text Comm;

    /// <summary>proc.exe: argv[0].</summary>
    public Utf8Text Exe;

    /// <summary>proc.exepath: the kernel's path of the executable.</summary>
    public Utf8Text ExePath;

    /// <summary>argv[1..], each followed by a NUL, as the probe packs them.</summary>
    public Utf8Text Args;

    public Utf8Text Cwd;

    /// <summary>Environment, NUL-separated.</summary>
    public Utf8Text Env;

    /// <summary>Cgroups, NUL-separated <c>subsys=/path</c> (or the /proc/PID/cgroup path).</summary>
    public Utf8Text Cgroups;

    /// <summary>container.id: 12 hex chars parsed from the cgroups, or <c>host</c>.</summary>
    public Utf8Text ContainerId;

    private Kite.Agent.Containers.ContainerInfo _container = Kite.Agent.Containers.ContainerInfo.Host;

    /// <summary>
    /// The container (id + runtime metadata, filled in the background); the host entry for host processes.
    /// Setting it keeps the container's count of live threads, which lets the resolver evict containers
    /// whose processes are all gone.
    /// </summary>
    public Kite.Agent.Containers.ContainerInfo Container
    {
        get => _container;
        set
        {
            if (ReferenceEquals(_container, value))
                return;
            _container.RemoveThread();
            value.AddThread();
            _container = value;
        }
    }

    /// <summary>The fd table (shared by the threads of a process).</summary>
    public FdTable? Fds;

    /// <summary>The group leader for a non-leader thread; null for a leader.</summary>
    public ThreadInfo? Leader;

    /// <summary>The thread that holds process-wide fields: the leader, or this thread when it leads.</summary>
    public ThreadInfo Process => Leader ?? this;

    public bool IsLeader => Tid == Pid;

    /// <summary>Copies the process-wide fields of <paramref name="parent"/> (fork: the child starts as a copy).</summary>
    internal void CopyProcessFieldsFrom(ThreadInfo parent)
    {
        Uid = parent.Uid;
        Gid = parent.Gid;
        LoginUid = parent.LoginUid;
        Tty = parent.Tty;
        Pgid = parent.Pgid;
        Vpgid = parent.Vpgid;
        Sid = parent.Sid;
        CapInheritable = parent.CapInheritable;
        CapPermitted = parent.CapPermitted;
        CapEffective = parent.CapEffective;
        ExeIno = parent.ExeIno;
        ExeInoCtime = parent.ExeInoCtime;
        ExeInoMtime = parent.ExeInoMtime;
        ExeFlags = parent.ExeFlags;
        PidNsInitStart = parent.PidNsInitStart;
        Comm.Set(parent.Comm);
        Exe.Set(parent.Exe);
        ExePath.Set(parent.ExePath);
        Args.Set(parent.Args);
        Cwd.Set(parent.Cwd);
        Env.Set(parent.Env);
        Cgroups.Set(parent.Cgroups);
        ContainerId.Set(parent.ContainerId);
        Container = parent.Container;
    }

    internal void ResetForPool()
    {
        Tid = Pid = ParentPid = Vtid = Vpid = Pgid = Vpgid = Sid = 0;
        Uid = Gid = Tty = 0;
        LoginUid = uint.MaxValue;
        StartTime = CapInheritable = CapPermitted = CapEffective = 0;
        ExeIno = ExeInoCtime = ExeInoMtime = PidNsInitStart = LastSeen = 0;
        ExeFlags = 0;
        Exited = false;
        ThreadCount = 0;
        Comm.Clear();
        Exe.Clear();
        ExePath.Clear();
        Args.Clear();
        Cwd.Clear();
        Env.Clear();
        Cgroups.Clear();
        ContainerId.Clear();
        Container = Kite.Agent.Containers.ContainerInfo.Host;
        Fds = null;
        Leader = null;
    }

    public override string ToString() => $"{Tid}/{Pid} {Comm}";
}
