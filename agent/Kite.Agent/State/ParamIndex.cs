using Kite.Agent.Events;

namespace Kite.Agent.State;

/// <summary>
/// Parameter positions looked up by name in the generated event table once at start, so state code reads
/// <c>ev.GetInt64(ParamIndex.OpenatDirfd)</c> rather than magic numbers, and a parameter the probe renames
/// or drops reads as missing (-1) instead of as the wrong value.
/// </summary>
internal static class ParamIndex
{
    public static int Of(EventType type, string name) => EventTable.Get(type).IndexOf(name);

    // Process events share one layout per family.
    public static readonly int CloneRes = Of(EventType.Clone, "res");
    public static readonly int CloneExe = Of(EventType.Clone, "exe");
    public static readonly int CloneArgs = Of(EventType.Clone, "args");
    public static readonly int CloneTid = Of(EventType.Clone, "tid");
    public static readonly int ClonePid = Of(EventType.Clone, "pid");
    public static readonly int ClonePtid = Of(EventType.Clone, "ptid");
    public static readonly int CloneCwd = Of(EventType.Clone, "cwd");
    public static readonly int CloneComm = Of(EventType.Clone, "comm");
    public static readonly int CloneCgroups = Of(EventType.Clone, "cgroups");
    public static readonly int CloneFlags = Of(EventType.Clone, "flags");
    public static readonly int CloneUid = Of(EventType.Clone, "uid");
    public static readonly int CloneGid = Of(EventType.Clone, "gid");
    public static readonly int CloneVtid = Of(EventType.Clone, "vtid");
    public static readonly int CloneVpid = Of(EventType.Clone, "vpid");
    public static readonly int ClonePidNsInit = Of(EventType.Clone, "pid_namespace_init_start_ts");

    public static readonly int ExecRes = Of(EventType.Execve, "res");
    public static readonly int ExecExe = Of(EventType.Execve, "exe");
    public static readonly int ExecArgs = Of(EventType.Execve, "args");
    public static readonly int ExecTid = Of(EventType.Execve, "tid");
    public static readonly int ExecPid = Of(EventType.Execve, "pid");
    public static readonly int ExecPtid = Of(EventType.Execve, "ptid");
    public static readonly int ExecCwd = Of(EventType.Execve, "cwd");
    public static readonly int ExecComm = Of(EventType.Execve, "comm");
    public static readonly int ExecCgroups = Of(EventType.Execve, "cgroups");
    public static readonly int ExecEnv = Of(EventType.Execve, "env");
    public static readonly int ExecTty = Of(EventType.Execve, "tty");
    public static readonly int ExecVpgid = Of(EventType.Execve, "vpgid");
    public static readonly int ExecLoginUid = Of(EventType.Execve, "loginuid");
    public static readonly int ExecFlags = Of(EventType.Execve, "flags");
    public static readonly int ExecCapInheritable = Of(EventType.Execve, "cap_inheritable");
    public static readonly int ExecCapPermitted = Of(EventType.Execve, "cap_permitted");
    public static readonly int ExecCapEffective = Of(EventType.Execve, "cap_effective");
    public static readonly int ExecExeIno = Of(EventType.Execve, "exe_ino");
    public static readonly int ExecExeInoCtime = Of(EventType.Execve, "exe_ino_ctime");
    public static readonly int ExecExeInoMtime = Of(EventType.Execve, "exe_ino_mtime");
    public static readonly int ExecUid = Of(EventType.Execve, "uid");
    public static readonly int ExecTrustedExePath = Of(EventType.Execve, "trusted_exepath");
    public static readonly int ExecPgid = Of(EventType.Execve, "pgid");
    public static readonly int ExecGid = Of(EventType.Execve, "gid");

    public static readonly int ProcexitReaperTid = Of(EventType.Procexit, "reaper_tid");

    private static readonly sbyte[] s_fdParam = BuildFdParams();
    private static readonly sbyte[] s_cloexecFlags = BuildCloseOnExecFlags();
    private static readonly sbyte[,] s_known = BuildKnown();

    /// <summary>Index of a well-known parameter of <paramref name="type"/>, or -1; a table lookup, no string compare.</summary>
    public static int Of(EventType type, KnownParam param) =>
        (uint)type < (uint)s_known.GetLength(0) ? s_known[(int)type, (int)param] : -1;

    /// <summary>The path parameter of a file event: name, path, filename or pathname, whichever it has.</summary>
    public static int PathOf(EventType type)
    {
        int i = Of(type, KnownParam.Name);
        if (i < 0)
            i = Of(type, KnownParam.Path);
        if (i < 0)
            i = Of(type, KnownParam.Filename);
        if (i < 0)
            i = Of(type, KnownParam.Pathname);
        return i;
    }

    private static sbyte[,] BuildKnown()
    {
        var names = Enum.GetNames<KnownParam>();
        var result = new sbyte[EventTable.All.Count, names.Length];
        foreach (var info in EventTable.All)
        {
            for (int k = 0; k < names.Length; k++)
                result[(int)info.Type, k] = (sbyte)info.IndexOf(KnownParamNames.Get((KnownParam)k));
        }
        return result;
    }

    /// <summary>The parameter holding the fd an event is about (its return value for fd-creating calls), or -1.</summary>
    public static int FdParamOf(EventType type) => (uint)type < (uint)s_fdParam.Length ? s_fdParam[(int)type] : -1;

    /// <summary>
    /// The "flags" parameter of an fd-creating event whose flags use the O_* values (so O_CLOEXEC is its
    /// close-on-exec bit), or -1.
    /// </summary>
    public static int CloseOnExecFlagsOf(EventType type) => (uint)type < (uint)s_cloexecFlags.Length ? s_cloexecFlags[(int)type] : -1;

    private static sbyte[] BuildCloseOnExecFlags()
    {
        var result = new sbyte[EventTable.All.Count];
        foreach (var info in EventTable.All)
        {
            int index = info.IndexOf("flags");
            bool openFlags = index >= 0 && info.Params[index].FlagTable is FlagTableId.OpenFlags or FlagTableId.EpollCreate1Flags;
            result[(int)info.Type] = (sbyte)(openFlags ? index : -1);
        }
        return result;
    }

    private static sbyte[] BuildFdParams()
    {
        var result = new sbyte[EventTable.All.Count];
        foreach (var info in EventTable.All)
        {
            int index = info.IndexOf("fd");
            if (index < 0 && info.Params.Length > 0 && info.Params[0].Type == ParamType.Fd)
                index = 0; // "res" that is an fd (dup, eventfd, ...)
            result[(int)info.Type] = (sbyte)index;
        }
        return result;
    }
}
