namespace Kite.Agent.State;

/// <summary>Free lists of table entries, so steady-state churn (fork, exit, open, close) allocates nothing.</summary>
internal sealed class StatePool(StateLimits limits)
{
    private readonly Stack<ThreadInfo> _threads = new();
    private readonly Stack<FdInfo> _fds = new();
    private readonly Stack<FdTable> _fdTables = new();

    public ThreadInfo RentThread() => _threads.TryPop(out var t) ? t : new ThreadInfo();

    public void Return(ThreadInfo thread)
    {
        thread.ResetForPool();
        if (_threads.Count < limits.MaxPooledThreads)
            _threads.Push(thread);
    }

    public FdInfo RentFd() => _fds.TryPop(out var f) ? f : new FdInfo();

    public void Return(FdInfo fd)
    {
        if (_fds.Count < limits.MaxPooledFds)
            _fds.Push(fd);
    }

    public FdTable RentFdTable() => _fdTables.TryPop(out var t) ? t : new FdTable();

    public void Return(FdTable table)
    {
        table.ReleaseAll(this);
        if (_fdTables.Count < limits.MaxPooledThreads)
            _fdTables.Push(table);
    }
}
