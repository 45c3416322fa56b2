using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Kite.Agent.State;

/// <summary>
/// Reads process, thread and fd state from /proc (under <see cref="HostRoot"/>): the seed of the tables at
/// start and the fallback for a thread the events never introduced. Allocates freely: it runs at start-up
/// and on rare misses, never per event.
/// </summary>
internal sealed partial class ProcReader(HostRoot root)
{
    /// <summary>USER_HZ: /proc/PID/stat times are in these ticks (100 on every Linux ABI Kite runs on).</summary>
    private const ulong TicksPerSecond = 100;

    private readonly Dictionary<string, SocketInodeMap> _socketsByNetns = new(StringComparer.Ordinal);

    public HostRoot Root { get; } = root;

    /// <summary>Processes that vanished or could not be read during a scan.</summary>
    public int Failures { get; private set; }

    /// <summary>Seeds <paramref name="table"/> with every process, thread and fd under /proc.</summary>
    /// <returns>the number of processes loaded</returns>
    public int ScanAll(ThreadTable table)
    {
        _socketsByNetns.Clear();
        int loaded = 0;
        foreach (string dir in Directory.EnumerateDirectories(Root.ProcDir))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && LoadProcess(table, pid))
                loaded++;
        }
        _socketsByNetns.Clear();
        return loaded;
    }

    /// <summary>Loads process <paramref name="pid"/> (its leader, other threads and fds). False if it is gone.</summary>
    public bool LoadProcess(ThreadTable table, int pid)
    {
        string dir = Root.Proc(pid);
        var leader = table.Create(pid, pid, null);
        if (!TryFillThread(leader, dir, dir) || !TryFillProcess(leader, dir))
        {
            table.Remove(pid);
            Failures++;
            return false;
        }
        ContainerIdParser.Apply(leader, table.Containers);
        LoadFds(leader, dir, table);
        try
        {
            foreach (string taskDir in Directory.EnumerateDirectories(dir + "/task"))
            {
                if (int.TryParse(Path.GetFileName(taskDir), NumberStyles.None, CultureInfo.InvariantCulture, out int tid) && tid != pid)
                    LoadThread(table, leader, tid);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return true;
    }

    /// <summary>Loads thread <paramref name="tid"/> of the process led by <paramref name="leader"/>.</summary>
    public bool LoadThread(ThreadTable table, ThreadInfo leader, int tid)
    {
        var thread = table.Create(tid, leader.Pid, leader);
        string taskDir = Root.Proc(leader.Pid) + "/task/" + tid.ToString(CultureInfo.InvariantCulture);
        if (!TryFillThread(thread, taskDir, Root.Proc(leader.Pid)))
        {
            table.Exit(tid);
            return false;
        }
        return true;
    }

    /// <summary>Per-thread fields: comm, parent, ids, start time, credentials.</summary>
    private static bool TryFillThread(ThreadInfo t, string taskDir, string processDir)
    {
        byte[]? stat = ReadFile(taskDir + "/stat");
        byte[]? status = ReadFile(taskDir + "/status");
        if (stat is null || status is null)
            return false;
        var comm = ReadFile(taskDir + "/comm");
        if (comm is not null)
            t.Comm.Set(TrimNewline(comm));

        ReadOnlySpan<byte> s = stat;
        int close = s.LastIndexOf((byte)')');
        if (close < 0)
            return false;
        if (comm is null)
        {
            int open = s.IndexOf((byte)'(');
            if (open >= 0 && open < close)
                t.Comm.Set(s[(open + 1)..close]);
        }
        // Fields after "(comm) ": state ppid pgrp session tty_nr ... starttime is the 20th.
        ReadOnlySpan<byte> rest = s[Math.Min(close + 2, s.Length)..];
        int field = 0;
        foreach (var range in rest.Split((byte)' '))
        {
            ReadOnlySpan<byte> v = rest[range];
            switch (field)
            {
                case 1:
                    t.ParentPid = ParseInt(v);
                    break;
                case 2:
                    t.Pgid = ParseInt(v);
                    break;
                case 3:
                    t.Sid = ParseInt(v);
                    break;
                case 4:
                    t.Tty = (uint)ParseInt(v);
                    break;
                case 19:
                    Utf8Parser.TryParse(v, out ulong ticks, out _);
                    t.StartTime = ticks * (1_000_000_000 / TicksPerSecond);
                    break;
            }
            if (++field > 19)
                break;
        }

        t.Vtid = t.Tid;
        t.Vpid = t.Pid;
        t.Vpgid = t.Pgid;
        foreach (var lineRange in ((ReadOnlySpan<byte>)status).Split((byte)'\n'))
        {
            ReadOnlySpan<byte> line = ((ReadOnlySpan<byte>)status)[lineRange];
            if (line.StartsWith("Uid:"u8))
                t.Uid = (uint)ParseLong(Column(line, 2));
            else if (line.StartsWith("Gid:"u8))
                t.Gid = (uint)ParseLong(Column(line, 2));
            else if (line.StartsWith("CapInh:"u8))
                t.CapInheritable = ParseHex(Column(line, 1));
            else if (line.StartsWith("CapPrm:"u8))
                t.CapPermitted = ParseHex(Column(line, 1));
            else if (line.StartsWith("CapEff:"u8))
                t.CapEffective = ParseHex(Column(line, 1));
            else if (line.StartsWith("NSpid:"u8))
                t.Vtid = ParseInt(LastColumn(line));
            else if (line.StartsWith("NStgid:"u8))
                t.Vpid = ParseInt(LastColumn(line));
            else if (line.StartsWith("NSpgid:"u8))
                t.Vpgid = ParseInt(LastColumn(line));
        }
        return true;
    }

    /// <summary>Process-wide fields: exe, args, cwd, env, cgroups, loginuid.</summary>
    private bool TryFillProcess(ThreadInfo t, string dir)
    {
        byte[]? cmdline = ReadFile(dir + "/cmdline");
        if (cmdline is null)
            return false;
        ReadOnlySpan<byte> argv = cmdline;
        int nul = argv.IndexOf((byte)0);
        if (argv.Length > 0)
        {
            t.Exe.Set(nul >= 0 ? argv[..nul] : argv);
            t.Args.Set(nul >= 0 ? argv[(nul + 1)..] : default);
        }
        else
        {
            // A kernel thread: Falco shows the comm as exe.
            t.Exe.Set(t.Comm.Span);
            t.Args.Set(default);
        }
        if (ReadLink(dir + "/exe") is { } exe)
            t.ExePath.Set(Encoding.UTF8.GetBytes(exe));
        if (ReadLink(dir + "/cwd") is { } cwd)
            t.Cwd.Set(Encoding.UTF8.GetBytes(cwd));
        if (ReadFile(dir + "/environ") is { } env)
            t.Env.Set(env);
        if (ReadFile(dir + "/loginuid") is { } loginuid)
            t.LoginUid = (uint)ParseLong(TrimNewline(loginuid));
        if (ReadFile(dir + "/cgroup") is { } cgroup)
            t.Cgroups.Set(CgroupLinesToList(cgroup));
        return true;
    }

    /// <summary>"hier:controllers:path" lines into the probe's NUL-separated "controllers=path" list.</summary>
    internal static byte[] CgroupLinesToList(ReadOnlySpan<byte> text)
    {
        var result = new List<byte>(text.Length);
        foreach (var range in text.Split((byte)'\n'))
        {
            ReadOnlySpan<byte> line = text[range];
            int first = line.IndexOf((byte)':');
            if (first < 0)
                continue;
            ReadOnlySpan<byte> afterHier = line[(first + 1)..];
            int second = afterHier.IndexOf((byte)':');
            if (second < 0)
                continue;
            ReadOnlySpan<byte> controllers = afterHier[..second];
            result.AddRange(controllers.IsEmpty ? "unified"u8 : controllers);
            result.Add((byte)'=');
            result.AddRange(afterHier[(second + 1)..]);
            result.Add(0);
        }
        return [.. result];
    }

    internal static ReadOnlySpan<byte> TrimNewline(ReadOnlySpan<byte> v) => v.TrimEnd((byte)'\n');

    internal static byte[]? ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    internal static string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static ReadOnlySpan<byte> Column(ReadOnlySpan<byte> line, int index)
    {
        int i = 0;
        foreach (var range in line.SplitAny(" \t"u8))
        {
            if (range.Start.Value == range.End.Value)
                continue;
            if (i++ == index)
                return line[range];
        }
        return default;
    }

    private static ReadOnlySpan<byte> LastColumn(ReadOnlySpan<byte> line)
    {
        line = line.TrimEnd(" \t"u8);
        int sep = line.LastIndexOfAny(" \t"u8);
        return sep >= 0 ? line[(sep + 1)..] : line;
    }

    private static int ParseInt(ReadOnlySpan<byte> v) => Utf8Parser.TryParse(v, out int x, out _) ? x : 0;

    private static long ParseLong(ReadOnlySpan<byte> v) => Utf8Parser.TryParse(v, out long x, out _) ? x : -1;

    private static ulong ParseHex(ReadOnlySpan<byte> v) => Utf8Parser.TryParse(v, out ulong x, out _, 'x') ? x : 0;
}
