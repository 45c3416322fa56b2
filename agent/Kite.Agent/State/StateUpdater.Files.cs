using Kite.Agent.Events;

namespace Kite.Agent.State;

internal sealed partial class StateUpdater
{
    private const uint ODirectory = 0x10000;
    private const uint OCloexec = 0x80000;
    private const int AtFdCwd = -100;
    private const int FDupFd = 0;
    private const int FDupFdCloexec = 1030;
    private const uint CloseRangeCloexec = 4;

    /// <summary>open/openat/openat2/creat/open_by_handle_at: a successful call adds a file or directory fd.</summary>
    private void ApplyOpen(EventType type, in RawEvent ev, ThreadInfo process)
    {
        long fd = ev.GetInt64(0);
        if (fd < 0 || process.Fds is null)
            return; // a failed open leaves no entry: fields fall back to the event's own parameters

        var info = EventTable.Get(type);
        int nameIndex = ParamIndex.PathOf(type);
        int flagsIndex = ParamIndex.Of(type, KnownParam.Flags);
        uint flags = flagsIndex >= 0 ? (uint)ev.GetUInt64(flagsIndex) : 0;
        ReadOnlySpan<byte> raw = ev.GetString(nameIndex);
        ReadOnlySpan<byte> baseDirectory = BaseDirectoryOf(ev, info, nameIndex, process);

        var entry = process.Fds.Add((int)fd, (flags & ODirectory) != 0 ? FdType.Directory : FdType.File, Threads.Pool, Threads.Limits, Stats);
        Fd = entry;
        if (entry is null)
            return;
        int n = PathResolver.Resolve(baseDirectory, raw, _pathScratch);
        entry.Name.Set(_pathScratch.AsSpan(0, n));
        entry.NameRaw.Set(raw);
        entry.OpenFlags = flags;
        entry.CloseOnExec = (flags & OCloexec) != 0;
        int modeIndex = ParamIndex.Of(type, KnownParam.Mode);
        if (modeIndex >= 0)
            entry.Mode = (uint)ev.GetUInt64(modeIndex);
        int devIndex = ParamIndex.Of(type, KnownParam.Dev);
        if (devIndex >= 0)
            entry.Dev = (uint)ev.GetUInt64(devIndex);
        int inoIndex = ParamIndex.Of(type, KnownParam.Ino);
        if (inoIndex >= 0)
            entry.Ino = ev.GetUInt64(inoIndex);
    }

    /// <summary>
    /// The directory a relative path parameter is relative to: the directory of its dirfd parameter
    /// (FSRELPATH's info), the cwd for AT_FDCWD or a plain FSPATH.
    /// </summary>
    internal ReadOnlySpan<byte> BaseDirectoryOf(in RawEvent ev, EventInfo info, int pathIndex, ThreadInfo process)
    {
        if ((uint)pathIndex < (uint)info.Params.Length && info.Params[pathIndex].DirFdIndex is int dirfdIndex and >= 0)
        {
            int dirfd = (int)ev.GetInt64(dirfdIndex);
            if (dirfd != AtFdCwd)
            {
                var dir = process.Fds?.Find(dirfd);
                if (dir is not null && dir.Name.HasValue)
                    return dir.Name.Span;
                Stats.FdMisses++;
            }
        }
        return process.Cwd.Span;
    }

    private void ApplyClose(in RawEvent ev, ThreadInfo process)
    {
        int fd = (int)ev.GetInt64(1);
        Fd = process.Fds?.Find(fd);
        if (ev.GetInt64(0) != 0 || Fd is null)
            return;
        _pendingCloseFd = fd;
        _pendingCloseTable = process.Fds;
    }

    private void ApplyCloseRange(in RawEvent ev, ThreadInfo process)
    {
        if (ev.GetInt64(0) != 0 || process.Fds is null)
            return;
        int first = (int)ev.GetInt64(1);
        uint last = (uint)ev.GetUInt64(2);
        uint flags = (uint)ev.GetUInt64(3);
        int lastFd = last > int.MaxValue ? int.MaxValue : (int)last;
        if ((flags & CloseRangeCloexec) != 0)
        {
            foreach (var entry in process.Fds.Entries)
            {
                if (entry.Fd >= first && entry.Fd <= lastFd)
                    entry.CloseOnExec = true;
            }
            return;
        }
        process.Fds.RemoveRange(first, lastFd, Threads.Pool, Stats);
    }

    /// <summary>dup/dup2/dup3: the new fd is a copy of the old one (without close-on-exec, unless dup3 asks).</summary>
    private void ApplyDup(EventType type, in RawEvent ev, ThreadInfo process)
    {
        long newFd = ev.GetInt64(0);
        int oldFd = (int)ev.GetInt64(1);
        if (newFd < 0 || process.Fds is null)
            return;
        bool cloexec = type == EventType.Dup3 && ((uint)ev.GetUInt64(3) & OCloexec) != 0;
        Fd = CopyFd(process.Fds, oldFd, (int)newFd, cloexec);
    }

    private void ApplyFcntl(in RawEvent ev, ThreadInfo process)
    {
        long res = ev.GetInt64(0);
        int fd = (int)ev.GetInt64(1);
        long cmd = ev.GetInt64(2);
        if (process.Fds is null)
            return;
        if (res >= 0 && (cmd == FDupFd || cmd == FDupFdCloexec))
        {
            Fd = CopyFd(process.Fds, fd, (int)res, cmd == FDupFdCloexec);
            return;
        }
        Fd = process.Fds.Find(fd);
    }

    private FdInfo? CopyFd(FdTable fds, int oldFd, int newFd, bool cloexec)
    {
        var source = fds.Find(oldFd);
        if (source is null)
        {
            Stats.FdMisses++;
            return null;
        }
        if (oldFd == newFd)
            return source;
        var copy = fds.Add(newFd, source.Type, Threads.Pool, Threads.Limits, Stats);
        if (copy is null)
            return null;
        copy.CopyFrom(source, newFd);
        copy.CloseOnExec = cloexec;
        return copy;
    }

    private void ApplyPipe(EventType type, in RawEvent ev, ThreadInfo process)
    {
        if (ev.GetInt64(0) != 0 || process.Fds is null)
            return;
        ulong ino = ev.GetUInt64(3);
        bool cloexec = type == EventType.Pipe2 && ((uint)ev.GetUInt64(4) & OCloexec) != 0;
        Span<byte> name = stackalloc byte[32];
        "pipe:["u8.CopyTo(name);
        System.Buffers.Text.Utf8Formatter.TryFormat(ino, name[6..], out int digits);
        name[6 + digits] = (byte)']';
        name = name[..(7 + digits)];
        for (int i = 1; i <= 2; i++)
        {
            var entry = process.Fds.Add((int)ev.GetInt64(i), FdType.Pipe, Threads.Pool, Threads.Limits, Stats);
            if (entry is null)
                continue;
            entry.Ino = ino;
            entry.Name.Set(name);
            entry.CloseOnExec = cloexec;
            Fd ??= entry;
        }
    }

    private void ApplyMemfd(in RawEvent ev, ThreadInfo process)
    {
        long fd = ev.GetInt64(0);
        if (fd < 0 || process.Fds is null)
            return;
        var entry = process.Fds.Add((int)fd, FdType.Memfd, Threads.Pool, Threads.Limits, Stats);
        Fd = entry;
        if (entry is null)
            return;
        ReadOnlySpan<byte> name = ev.GetString(1);
        Span<byte> text = stackalloc byte[Math.Min(name.Length, 249) + 6];
        "memfd:"u8.CopyTo(text);
        name[..(text.Length - 6)].CopyTo(text[6..]);
        entry.Name.Set(text);
        entry.CloseOnExec = ((uint)ev.GetUInt64(2) & 1) != 0; // MFD_CLOEXEC
    }

    private void ApplySignalfd(EventType type, in RawEvent ev, ThreadInfo process)
    {
        // signalfd with an existing fd only changes its mask.
        int fdIndex = type == EventType.Signalfd ? 1 : 2;
        if (ev.GetInt64(fdIndex) != -1)
        {
            Fd = process.Fds?.Find((int)ev.GetInt64(fdIndex));
            return;
        }
        ApplyNewFd(type, ev, process, FdType.SignalFd);
    }

    /// <summary>
    /// A call whose return value is a new fd of a fixed kind (eventfd, epoll, inotify, bpf, ...). It is closed at
    /// exec when the call's flags hold O_CLOEXEC (EFD_, SFD_, IN_, TFD_, EPOLL_ and UFFD_CLOEXEC all equal it), or
    /// always for the kinds the kernel installs close-on-exec (io_uring, bpf, pidfd).
    /// </summary>
    private void ApplyNewFd(EventType eventType, in RawEvent ev, ThreadInfo process, FdType type, bool alwaysCloseOnExec = false)
    {
        long fd = ev.GetInt64(0);
        if (fd < 0 || process.Fds is null)
            return;
        var entry = process.Fds.Add((int)fd, type, Threads.Pool, Threads.Limits, Stats);
        Fd = entry;
        if (entry is null)
            return;
        int flags = ParamIndex.CloseOnExecFlagsOf(eventType);
        entry.CloseOnExec = alwaysCloseOnExec || (flags >= 0 && (ev.GetUInt64(flags) & OCloexec) != 0);
    }
}
