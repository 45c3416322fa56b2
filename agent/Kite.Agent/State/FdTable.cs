namespace Kite.Agent.State;

/// <summary>
/// The fds of one process (shared by its threads). Single writer: the capture thread.
/// </summary>
internal sealed class FdTable
{
    private readonly Dictionary<int, FdInfo> _fds = new();

    /// <summary>Threads sharing this table (CLONE_FILES); the table returns to the pool when the last leaves.</summary>
    internal int References;

    public int Count => _fds.Count;

    public FdInfo? Find(int fd) => _fds.TryGetValue(fd, out var info) ? info : null;

    /// <summary>
    /// Adds (or replaces) the entry for <paramref name="fd"/>, reset to <paramref name="type"/>.
    /// Null when the process is at its limit (counted).
    /// </summary>
    public FdInfo? Add(int fd, FdType type, StatePool pool, StateLimits limits, StateStats stats)
    {
        if (_fds.TryGetValue(fd, out var existing))
        {
            existing.Reset(fd, type);
            return existing;
        }
        if (_fds.Count >= limits.MaxFdsPerProcess)
        {
            stats.FdsDroppedAtLimit++;
            return null;
        }
        var info = pool.RentFd();
        info.Reset(fd, type);
        _fds.Add(fd, info);
        stats.FdsAdded++;
        return info;
    }

    public bool Remove(int fd, StatePool pool, StateStats stats)
    {
        if (!_fds.Remove(fd, out var info))
            return false;
        pool.Return(info);
        stats.FdsRemoved++;
        return true;
    }

    /// <summary>Removes every fd in [<paramref name="first"/>, <paramref name="last"/>] (close_range).</summary>
    public void RemoveRange(int first, int last, StatePool pool, StateStats stats)
    {
        foreach (var fd in _fds.Keys)
        {
            if (fd >= first && fd <= last && _fds.Remove(fd, out var info))
            {
                pool.Return(info);
                stats.FdsRemoved++;
            }
        }
    }

    /// <summary>Removes the fds marked close-on-exec (a successful execve).</summary>
    public void RemoveCloseOnExec(StatePool pool, StateStats stats)
    {
        foreach (var (fd, info) in _fds)
        {
            if (info.CloseOnExec && _fds.Remove(fd))
            {
                pool.Return(info);
                stats.FdsRemoved++;
            }
        }
    }

    /// <summary>Copies every entry of <paramref name="source"/> (fork without CLONE_FILES).</summary>
    public void CopyFrom(FdTable source, StatePool pool)
    {
        foreach (var (fd, info) in source._fds)
        {
            var copy = pool.RentFd();
            copy.CopyFrom(info, fd);
            copy.CloseOnExec = info.CloseOnExec;
            _fds[fd] = copy;
        }
    }

    internal void ReleaseAll(StatePool pool)
    {
        foreach (var info in _fds.Values)
            pool.Return(info);
        _fds.Clear();
        References = 0;
    }

    public Dictionary<int, FdInfo>.ValueCollection Entries => _fds.Values;
}
