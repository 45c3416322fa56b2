using Kite.Agent.Events;
using Kite.Agent.State;
using Kite.Rules.Fields;

namespace Kite.Agent.Fields;

internal readonly ref partial struct EventContext
{
    private const uint OAccMode = 3;
    private const uint OWronly = 1;
    private const uint ORdwr = 2;
    private const uint OCreat = 0x40;

    private bool TryGetEvtString(SyscallField field, in FieldArgument argument, out ReadOnlySpan<byte> value)
    {
        switch (field)
        {
            case SyscallField.EvtType:
                value = EventTypeName();
                return true;
            case SyscallField.EvtDir:
                value = "<"u8;
                return true;
            case SyscallField.EvtLatencyHuman:
                value = "0ns"u8;
                return true;
            case SyscallField.EvtHostname:
                value = EventContextScratch.HostName;
                return true;
            case SyscallField.EvtSource:
                value = "syscall"u8;
                return true;
            case SyscallField.EvtArg or SyscallField.EvtRawArg:
            {
                int index = ArgIndex(argument);
                if (index < 0 || !_event.HasParam(index))
                    return Missing(out value);
                int n = field == SyscallField.EvtArg ? RenderParam(index, Buffer) : RenderParamRaw(index, Buffer);
                value = Buffer[..n];
                return true;
            }
            case SyscallField.EvtArgs:
            {
                var b = new Utf8Builder(Buffer);
                var info = EventTable.Get(_type);
                for (int i = 0; i < info.Params.Length && i < _event.ParamCount && !b.IsFull; i++)
                {
                    if (i > 0)
                        b.Append((byte)' ');
                    b.Append(ParamNames.Of(_type, i));
                    b.Append((byte)'=');
                    b.Advance(RenderParam(i, b.Remaining));
                }
                value = b.Written;
                return true;
            }
            case SyscallField.EvtRes:
            {
                if (!TryGetRawRes(out long res))
                    return Missing(out value);
                if (res >= 0)
                {
                    value = "SUCCESS"u8;
                    return true;
                }
                int n = RenderErrno(res, Buffer);
                value = Buffer[..n];
                return true;
            }
            case SyscallField.EvtBuffer:
            {
                int index = ParamIndex.Of(_type, KnownParam.Data);
                value = index >= 0 ? _event.GetParam(index) : default;
                return index >= 0 && !value.IsEmpty;
            }
            default:
                return Missing(out value);
        }
    }

    /// <summary>evt.type: the Falco event name; for a syscall without its own type, the syscall's name when known.</summary>
    private ReadOnlySpan<byte> EventTypeName() => EventTable.Get(_type).NameUtf8;

    /// <summary>The return value: the "res" parameter, or the fd an fd-creating call returned.</summary>
    private bool TryGetRawRes(out long value)
    {
        int index = ResIndexOf(_type);
        value = index >= 0 ? _event.GetInt64(index) : 0;
        return index >= 0 && _event.GetParam(index).Length > 0;
    }

    internal static int ResIndexOf(EventType type)
    {
        if (type == Events.EventType.Procexit)
            return -1;
        int index = ParamIndex.Of(type, KnownParam.Res);
        if (index < 0)
        {
            var info = EventTable.Get(type);
            if (info.Params.Length > 0 && info.Params[0].Type == ParamType.Fd)
                index = 0;
        }
        return index;
    }

    private bool IsOpen(SyscallField field)
    {
        if (_type is not (Events.EventType.Open or Events.EventType.Openat or Events.EventType.Openat2 or Events.EventType.Creat or Events.EventType.OpenByHandleAt))
            return false;
        uint flags = _type == Events.EventType.Creat ? OCreat | OWronly : (uint)_event.GetUInt64(ParamIndex.Of(_type, KnownParam.Flags));
        uint access = flags & OAccMode;
        return field switch
        {
            SyscallField.EvtIsOpenRead => access is 0 or ORdwr,
            SyscallField.EvtIsOpenWrite => access is OWronly or ORdwr,
            _ => (flags & (OCreat | EventTable.OpenFlagCreated)) != 0 && ModeHasExec(),
        };
    }

    private bool ModeHasExec()
    {
        int index = ParamIndex.Of(_type, KnownParam.Mode);
        return index >= 0 && (_event.GetUInt64(index) & 0x49) != 0; // S_IXUSR|S_IXGRP|S_IXOTH
    }

    private int ArgIndex(in FieldArgument argument)
    {
        if (argument.Kind == FieldArgumentKind.Index)
            return argument.Index is >= 0 and < RawEvent.MaxParams ? (int)argument.Index : -1;
        return argument.Text is { } name ? _scratch.ArgIndex(_type, argument.Code, name) : -1;
    }

    private bool TryGetRawArgInt64(in FieldArgument argument, out long value)
    {
        int index = ArgIndex(argument);
        value = index >= 0 ? _event.GetInt64(index) : 0;
        return index >= 0 && _event.GetParam(index).Length is 1 or 2 or 4 or 8;
    }

    private bool TryGetRawArgUInt64(in FieldArgument argument, out ulong value)
    {
        int index = ArgIndex(argument);
        value = index >= 0 ? _event.GetUInt64(index) : 0;
        return index >= 0 && _event.GetParam(index).Length is 1 or 2 or 4 or 8;
    }

    private static int RenderErrno(long res, Span<byte> destination)
    {
        return FlagTables.Errno.TryFormat((ulong)(-res), destination, out int n) ? n : 0;
    }
}

internal static class ParamNames
{
    private static readonly byte[][][] s_names = Build();
    private static readonly byte[]?[] s_syscalls = BuildSyscalls();

    /// <summary>UTF-8 name of a syscall that has its own event type, or empty.</summary>
    public static ReadOnlySpan<byte> Syscall(int nr) => (uint)nr < (uint)s_syscalls.Length ? s_syscalls[nr] : default;

    private static byte[]?[] BuildSyscalls()
    {
        var result = new byte[]?[EventTable.SyscallTableSize];
        for (int nr = 0; nr < result.Length; nr++)
            result[nr] = EventTable.SyscallName(nr) is { } name ? System.Text.Encoding.UTF8.GetBytes(name) : null;
        return result;
    }

    /// <summary>UTF-8 name of parameter <paramref name="index"/> of <paramref name="type"/> (empty if none), encoded once at start.</summary>
    public static ReadOnlySpan<byte> Of(EventType type, int index) =>
        (uint)type < (uint)s_names.Length && (uint)index < (uint)s_names[(int)type].Length ? s_names[(int)type][index] : default;

    private static byte[][][] Build()
    {
        var result = new byte[EventTable.All.Count][][];
        foreach (var info in EventTable.All)
            result[(int)info.Type] = Array.ConvertAll(info.Params, p => System.Text.Encoding.UTF8.GetBytes(p.Name));
        return result;
    }
}
