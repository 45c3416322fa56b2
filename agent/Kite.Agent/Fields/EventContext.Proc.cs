using Kite.Agent.Events;
using Kite.Agent.State;
using Kite.Rules.Fields;

namespace Kite.Agent.Fields;

internal readonly ref partial struct EventContext
{
    private bool TryGetProcString(SyscallField field, in FieldArgument argument, out ReadOnlySpan<byte> value)
    {
        var thread = _thread;
        if (thread is null)
            return Missing(out value);
        var process = thread.Process;
        switch (field)
        {
            case SyscallField.ProcName:
                return Text(thread.Comm, out value);
            case SyscallField.ProcExe:
                return Text(process.Exe, out value);
            case SyscallField.ProcExePath:
                return Text(process.ExePath, out value);
            case SyscallField.ProcArgs:
                value = JoinList(process.Args.Span, Buffer);
                return process.Args.HasValue;
            case SyscallField.ProcCmdline:
                value = Cmdline(process, thread, Buffer);
                return true;
            case SyscallField.ProcCwd:
                return Text(process.Cwd, out value);
            case SyscallField.ProcEnv:
                if (argument.Kind == FieldArgumentKind.Key && argument.Utf8 is { } key)
                    return TryGetEnv(process.Env.Span, key, out value);
                value = JoinList(process.Env.Span, Buffer);
                return process.Env.HasValue;
            case SyscallField.ProcSname:
            {
                var leader = process.Sid > 0 ? State.Threads.FindProcess(process.Sid) : null;
                value = leader is null ? default : leader.Comm.Span;
                return leader is not null;
            }
            case SyscallField.ProcPname or SyscallField.ProcPexe or SyscallField.ProcPexePath or SyscallField.ProcPcmdline:
            {
                var parent = State.Threads.Ancestor(thread, 1);
                if (parent is null)
                    return Missing(out value);
                return AncestorText(field switch
                {
                    SyscallField.ProcPname => SyscallField.ProcAname,
                    SyscallField.ProcPexe => SyscallField.ProcAexe,
                    SyscallField.ProcPexePath => SyscallField.ProcAexePath,
                    _ => SyscallField.ProcAcmdline,
                }, parent, out value);
            }
            case SyscallField.ProcAname or SyscallField.ProcAexe or SyscallField.ProcAexePath or SyscallField.ProcAcmdline or SyscallField.ProcAenv:
            {
                long depth = argument.Kind == FieldArgumentKind.Index ? argument.Index : 1;
                var ancestor = depth is >= 0 and <= ThreadTable.MaxAncestorDepth ? State.Threads.Ancestor(thread, (int)depth) : null;
                if (ancestor is null)
                    return Missing(out value);
                return AncestorText(field, ancestor, out value);
            }
            case SyscallField.ThreadCapPermitted:
                return Caps(process.CapPermitted, out value);
            case SyscallField.ThreadCapEffective:
                return Caps(process.CapEffective, out value);
            case SyscallField.ThreadCapInheritable:
                return Caps(process.CapInheritable, out value);
            default:
                return Missing(out value);
        }
    }

    private bool TryGetNextAncestorString(SyscallField field, ref long cursor, out ReadOnlySpan<byte> value)
    {
        // Without an index, every ancestor from the parent up (cursor = depth of the next one).
        long depth = cursor == 0 ? 1 : cursor;
        var ancestor = _thread is null || depth > ThreadTable.MaxAncestorDepth ? null : State.Threads.Ancestor(_thread, (int)depth);
        cursor = depth + 1;
        if (ancestor is null)
            return Missing(out value);
        return AncestorText(field, ancestor, out value);
    }

    private bool AncestorText(SyscallField field, ThreadInfo ancestor, out ReadOnlySpan<byte> value)
    {
        switch (field)
        {
            case SyscallField.ProcAname:
                return Text(ancestor.Comm, out value);
            case SyscallField.ProcAexe:
                return Text(ancestor.Exe, out value);
            case SyscallField.ProcAexePath:
                return Text(ancestor.ExePath, out value);
            case SyscallField.ProcAenv:
                value = JoinList(ancestor.Env.Span, Buffer);
                return ancestor.Env.HasValue;
            default:
                value = Cmdline(ancestor, ancestor, Buffer);
                return true;
        }
    }

    private bool TryGetProcInt64(SyscallField field, in FieldArgument argument, out long value)
    {
        value = 0;
        var thread = _thread;
        if (thread is null)
            return false;
        var process = thread.Process;
        switch (field)
        {
            case SyscallField.ProcPid:
                value = process.Pid;
                return true;
            case SyscallField.ProcPpid:
                value = process.ParentPid;
                return process.ParentPid > 0;
            case SyscallField.ProcVpid:
                value = process.Vpid;
                return true;
            case SyscallField.ProcPvpid:
            {
                var parent = State.Threads.Ancestor(thread, 1);
                value = parent?.Vpid ?? 0;
                return parent is not null;
            }
            case SyscallField.ProcSid:
                value = process.Sid;
                return true;
            case SyscallField.ProcVpgid:
                value = process.Vpgid;
                return true;
            case SyscallField.ProcApid:
            {
                long depth = argument.Kind == FieldArgumentKind.Index ? argument.Index : 1;
                var ancestor = depth is >= 0 and <= ThreadTable.MaxAncestorDepth ? State.Threads.Ancestor(thread, (int)depth) : null;
                value = ancestor?.Pid ?? 0;
                return ancestor is not null;
            }
            case SyscallField.ThreadTid:
                value = thread.Tid;
                return true;
            case SyscallField.ThreadVtid:
                value = thread.Vtid;
                return true;
            default:
                return false;
        }
    }

    private bool TryGetProcUInt64(SyscallField field, out ulong value)
    {
        value = 0;
        var process = Process;
        if (process is null)
            return false;
        switch (field)
        {
            case SyscallField.ProcCmdNArgs:
                value = (ulong)CountItems(process.Args.Span);
                return true;
            case SyscallField.ProcTty:
                value = process.Tty;
                return true;
            case SyscallField.ProcDuration:
                value = process.StartTime > 0 && _event.Timestamp > process.StartTime ? _event.Timestamp - process.StartTime : 0;
                return process.StartTime > 0;
            case SyscallField.ProcStartTs:
                value = BootClock.ToEpoch(process.StartTime);
                return process.StartTime > 0;
            case SyscallField.ProcExeInoCtime:
                value = process.ExeInoCtime;
                return process.ExeInoCtime > 0;
            case SyscallField.ProcExeInoMtime:
                value = process.ExeInoMtime;
                return process.ExeInoMtime > 0;
            case SyscallField.ProcExeInoCtimeDurationProcStart:
            {
                ulong start = BootClock.ToEpoch(process.StartTime);
                value = start > process.ExeInoCtime ? start - process.ExeInoCtime : 0;
                return process.ExeInoCtime > 0 && process.StartTime > 0;
            }
            default:
                return false;
        }
    }

    private bool TryGetUserString(SyscallField field, out ReadOnlySpan<byte> value)
    {
        var process = Process;
        if (process is null)
            return Missing(out value);
        switch (field)
        {
            case SyscallField.UserName:
                value = State.Users.UserName(process, process.Uid);
                return !value.IsEmpty;
            case SyscallField.UserLoginName:
                value = process.LoginUid == uint.MaxValue ? default : State.Users.UserName(process, process.LoginUid);
                return !value.IsEmpty;
            case SyscallField.GroupName:
                value = State.Users.GroupName(process, process.Gid);
                return !value.IsEmpty;
            default:
                return Missing(out value);
        }
    }

    private bool Caps(ulong caps, out ReadOnlySpan<byte> value)
    {
        if (!FlagTables.Capabilities.TryFormat(caps, Buffer, out int n))
            return Missing(out value);
        value = caps == 0 ? default : Buffer[..n];
        return true;
    }

    private static bool Text(in Utf8Text text, out ReadOnlySpan<byte> value)
    {
        value = text.Span;
        return text.HasValue;
    }

    /// <summary>proc.cmdline: comm, then the arguments, space-joined.</summary>
    private static ReadOnlySpan<byte> Cmdline(ThreadInfo process, ThreadInfo thread, Span<byte> buffer)
    {
        var b = new Utf8Builder(buffer);
        b.Append(thread.Comm.Span);
        if (process.Args.Length > 0)
        {
            b.Append((byte)' ');
            b.AppendList(process.Args.Span, (byte)' ');
        }
        return b.Written;
    }

    private static ReadOnlySpan<byte> JoinList(ReadOnlySpan<byte> list, Span<byte> buffer)
    {
        var b = new Utf8Builder(buffer);
        b.AppendList(list, (byte)' ');
        return b.Written;
    }

    private static int CountItems(ReadOnlySpan<byte> list)
    {
        if (list.IsEmpty)
            return 0;
        int n = list.Count((byte)0);
        return list[^1] == 0 ? n : n + 1;
    }

    /// <summary>proc.env[NAME]: the value of NAME in the NUL-separated environment.</summary>
    private static bool TryGetEnv(ReadOnlySpan<byte> env, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        while (!env.IsEmpty)
        {
            int nul = env.IndexOf((byte)0);
            ReadOnlySpan<byte> item = nul >= 0 ? env[..nul] : env;
            env = nul >= 0 ? env[(nul + 1)..] : default;
            if (item.Length > name.Length && item[name.Length] == '=' && item.StartsWith(name))
            {
                value = item[(name.Length + 1)..];
                return true;
            }
        }
        value = default;
        return false;
    }
}
