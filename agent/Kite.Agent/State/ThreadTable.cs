namespace Kite.Agent.State;

/// <summary>
/// Every known thread by tid, seeded from /proc and kept current from clone/exec/exit events.
/// Single writer (the capture thread); no locks. Memory is bounded by <see cref="StateLimits"/>:
/// exited entries are recycled through <see cref="StatePool"/>, and past the thread limit dead or
/// stale entries are evicted (counted in <see cref="StateStats"/>).
/// </summary>
internal sealed class ThreadTable
{
    /// <summary>How many ancestors proc.aname[N] and friends may walk.</summary>
    public const int MaxAncestorDepth = 16;

    private readonly Dictionary<int, ThreadInfo> _threads = new();
    private readonly List<int> _evictionScratch = new();

    public ThreadTable(StateLimits? limits = null, ProcReader? proc = null)
    {
        Limits = limits ?? new StateLimits();
        Pool = new StatePool(Limits);
        Proc = proc ?? new ProcReader(HostRoot.FromEnvironment());
    }

    public StateLimits Limits { get; }

    public StatePool Pool { get; }

    public StateStats Stats { get; } = new();

    /// <summary>Where /proc is read on a miss (HOST_ROOT aware).</summary>
    public ProcReader Proc { get; }

    /// <summary>Containers of the processes (`kite run` passes the cache its resolver fills; alone, ids only).</summary>
    public Kite.Agent.Containers.ContainerCache Containers { get; init; } = new();

    public int Count => _threads.Count;

    public ThreadInfo? Find(int tid) => _threads.TryGetValue(tid, out var t) ? t : null;

    /// <summary>The leader of process <paramref name="pid"/>, if known.</summary>
    public ThreadInfo? FindProcess(int pid) => _threads.TryGetValue(pid, out var t) ? t.Process : null;

    /// <summary>
    /// The thread of an event: the table's entry, else read from /proc (a thread that started before the
    /// agent or whose clone was dropped), else null. A miss is counted either way.
    /// </summary>
    public ThreadInfo? FindOrLoad(int tid, int pid, ulong now)
    {
        if (_threads.TryGetValue(tid, out var thread))
        {
            thread.LastSeen = now;
            return thread;
        }
        Stats.ThreadMisses++;
        if (tid <= 0 || pid <= 0)
            return null;
        if (!_threads.ContainsKey(pid))
            Proc.LoadProcess(this, pid);
        if (!_threads.ContainsKey(tid) && _threads.TryGetValue(pid, out var leader))
            Proc.LoadThread(this, leader, tid);
        if (_threads.TryGetValue(tid, out thread))
        {
            Stats.ThreadsLoadedFromProc++;
            thread.LastSeen = now;
        }
        return thread;
    }

    /// <summary>
    /// Creates the entry for a new thread (replacing a stale one with the same tid). A leader gets a
    /// fresh fd table; a non-leader shares its leader's.
    /// </summary>
    public ThreadInfo Create(int tid, int pid, ThreadInfo? leader)
    {
        if (_threads.ContainsKey(tid))
            Remove(tid);
        else if (_threads.Count >= Limits.MaxThreads)
            Evict();

        var thread = Pool.RentThread();
        thread.Tid = tid;
        thread.Pid = pid;
        if (tid != pid && leader is not null)
        {
            thread.Leader = leader;
            thread.Fds = leader.Fds;
            leader.ThreadCount++;
        }
        else
        {
            thread.Fds = Pool.RentFdTable();
            thread.ThreadCount = 1;
        }
        if (thread.Fds is not null)
            thread.Fds.References++;
        _threads.Add(tid, thread);
        Stats.ThreadsAdded++;
        return thread;
    }

    /// <summary>
    /// A thread exited. A leader whose other threads still run is kept (marked exited) so they keep their
    /// process fields; it goes when the last one exits.
    /// </summary>
    public void Exit(int tid)
    {
        if (!_threads.TryGetValue(tid, out var thread))
            return;
        var leader = thread.Process;
        if (thread == leader)
        {
            if (leader.ThreadCount > 1)
            {
                leader.Exited = true;
                leader.ThreadCount--;
                return;
            }
            Remove(tid);
            return;
        }
        Remove(tid);
        leader.ThreadCount--;
        if (leader.Exited && leader.ThreadCount <= 0)
            Remove(leader.Tid);
    }

    /// <summary>
    /// The last thread of process <paramref name="exitedPid"/> exited and the kernel hands its children to
    /// <paramref name="reaperPid"/> (the nearest child subreaper, or the pid namespace's init, as the probe
    /// found it at exit). A walk of the table: it runs only for a process that leaves children behind.
    /// </summary>
    public void Reparent(int exitedPid, int reaperPid)
    {
        if (exitedPid <= 0 || reaperPid <= 0 || exitedPid == reaperPid)
            return;
        foreach (var t in _threads.Values)
        {
            if (t.Leader is null && t.ParentPid == exitedPid && t.Pid != exitedPid)
            {
                t.ParentPid = reaperPid;
                Stats.ProcessesReparented++;
            }
        }
    }

    /// <summary>Removes an entry outright and recycles it.</summary>
    public void Remove(int tid)
    {
        if (!_threads.Remove(tid, out var thread))
            return;
        if (thread.Fds is { } fds && --fds.References <= 0)
            Pool.Return(fds);
        Pool.Return(thread);
        Stats.ThreadsRemoved++;
    }

    /// <summary>
    /// The ancestor <paramref name="depth"/> levels up (0 = the process itself, 1 = its parent), or null
    /// when the chain is shorter, unknown, or loops.
    /// </summary>
    public ThreadInfo? Ancestor(ThreadInfo thread, int depth)
    {
        var current = thread.Process;
        for (int i = 0; i < depth; i++)
        {
            int parent = current.ParentPid;
            if (parent <= 0 || parent == current.Pid || !_threads.TryGetValue(parent, out var next))
                return null;
            current = next.Process;
        }
        return current;
    }

    /// <summary>Makes room: removes exited entries, then those not seen for the longest time (an eighth of the table).</summary>
    private void Evict()
    {
        _evictionScratch.Clear();
        foreach (var (tid, t) in _threads)
        {
            if (t.Exited)
                _evictionScratch.Add(tid);
        }
        if (_evictionScratch.Count == 0)
        {
            ulong threshold = OldestQuantile();
            foreach (var (tid, t) in _threads)
            {
                if (t.LastSeen <= threshold && t.ThreadCount <= 1)
                    _evictionScratch.Add(tid);
            }
        }
        foreach (int tid in _evictionScratch)
        {
            if (_threads.TryGetValue(tid, out var t))
            {
                if (t.Leader is { } leader)
                    leader.ThreadCount--;
                Remove(tid);
                Stats.ThreadsEvicted++;
            }
        }
    }

    private ulong OldestQuantile()
    {
        // Sample the LastSeen values and take the 1/8 quantile: cheap, and eviction is rare.
        Span<ulong> samples = stackalloc ulong[64];
        int n = 0;
        int step = Math.Max(1, _threads.Count / samples.Length);
        int i = 0;
        foreach (var t in _threads.Values)
        {
            if (i++ % step == 0 && n < samples.Length)
                samples[n++] = t.LastSeen;
        }
        samples = samples[..n];
        samples.Sort();
        return n == 0 ? 0 : samples[n / 8];
    }

    public Dictionary<int, ThreadInfo>.ValueCollection All => _threads.Values;
}
