using System.Buffers.Binary;
using Kite.Agent.Events;
using Kite.Agent.State;

namespace Kite.Agent.Fields;

internal readonly ref partial struct EventContext
{
    /// <summary>
    /// Renders parameter <paramref name="index"/> as evt.arg shows it: flags and enums by Falco's names, errors as
    /// errno names, fds as <c>N(&lt;t&gt;name)</c>, uids as user names, paths made absolute, tuples as text.
    /// </summary>
    public int RenderParam(int index, Span<byte> destination)
    {
        var info = EventTable.Get(_type);
        ReadOnlySpan<byte> p = _event.GetParam(index);
        if ((uint)index >= (uint)info.Params.Length)
            return RenderBytes(p, destination);
        ParamInfo param = info.Params[index];
        var b = new Utf8Builder(destination);
        if (p.IsEmpty && param.Type is not (ParamType.CharBuf or ParamType.FsPath or ParamType.FsRelPath or ParamType.CharBufArray or ParamType.ByteBuf))
            return 0;
        switch (param.Type)
        {
            case ParamType.Errno:
            {
                long v = ParamValue.ToInt64(p);
                if (v < 0)
                    b.Advance(RenderErrno(v, b.Remaining));
                else
                    b.Append(v);
                break;
            }
            case ParamType.Fd:
            {
                long fd = ParamValue.ToInt64(p);
                if (fd < 0 && index == 0 && param.Name is "fd" or "res")
                {
                    b.Advance(RenderErrno(fd, b.Remaining));
                    break;
                }
                b.Append(fd);
                var entry = fd >= 0 ? Process?.Fds?.Find((int)fd) : null;
                if (entry is not null)
                {
                    b.Append("(<"u8);
                    b.Append(FdInfo.TypeChar(entry.Type));
                    b.Append((byte)'>');
                    b.Append(entry.Name.Span);
                    b.Append((byte)')');
                }
                break;
            }
            case ParamType.Pid:
            {
                long pid = ParamValue.ToInt64(p);
                b.Append(pid);
                if (pid > 0 && State.Threads.Find((int)pid) is { } t)
                {
                    b.Append((byte)'(');
                    b.Append(t.Comm.Span);
                    b.Append((byte)')');
                }
                break;
            }
            case ParamType.Uid or ParamType.Gid:
            {
                uint id = (uint)ParamValue.ToUInt64(p);
                ReadOnlySpan<byte> name = Process is { } proc && id != uint.MaxValue
                    ? (param.Type == ParamType.Uid ? State.Users.UserName(proc, id) : State.Users.GroupName(proc, id))
                    : default;
                if (!name.IsEmpty)
                    b.Append(name);
                else if (id == uint.MaxValue)
                    b.Append(-1);
                else
                    b.AppendUnsigned(id);
                break;
            }
            case ParamType.FsRelPath:
            {
                ReadOnlySpan<byte> raw = ParamValue.ToCString(p);
                if (raw.Length > 0 && raw[0] != '/' && Process is { } proc)
                {
                    ReadOnlySpan<byte> dir = State.BaseDirectoryOf(_event, info, index, proc);
                    b.Advance(PathResolver.Resolve(dir, raw, _scratch.PathBuffer) is int n && n <= b.Remaining.Length ? Copy(_scratch.PathBuffer.AsSpan(0, n), b.Remaining) : 0);
                }
                else
                {
                    b.Append(raw);
                }
                break;
            }
            case ParamType.CharBuf or ParamType.FsPath:
                b.Append(ParamValue.ToCString(p));
                break;
            case ParamType.CharBufArray:
                b.AppendList(p, (byte)' ');
                break;
            case ParamType.ByteBuf:
                b.Advance(RenderBytes(p, b.Remaining));
                break;
            case ParamType.SockTuple:
                b.Advance(RenderTuple(p, b.Remaining));
                break;
            case ParamType.SockAddr:
                b.Advance(RenderSockAddr(p, b.Remaining));
                break;
            case ParamType.SyscallId:
            {
                int nr = (int)ParamValue.ToUInt64(p);
                ReadOnlySpan<byte> name = ParamNames.Syscall(nr);
                if (!name.IsEmpty)
                    b.Append(name);
                else
                    b.Append(nr);
                break;
            }
            default:
            {
                var table = FlagTables.For(param);
                ulong raw = ParamValue.ToUInt64(p);
                if (table is not null && table.TryFormat(raw, b.Remaining, out int written))
                    b.Advance(written);
                else if (param.Type is ParamType.Int8 or ParamType.Int16 or ParamType.Int32 or ParamType.Int64)
                    b.Append(ParamValue.ToInt64(p));
                else
                    b.AppendUnsigned(raw);
                break;
            }
        }
        return b.Length;
    }

    /// <summary>evt.rawarg as text: the number or the bytes, without rendering names.</summary>
    public int RenderParamRaw(int index, Span<byte> destination)
    {
        var info = EventTable.Get(_type);
        ReadOnlySpan<byte> p = _event.GetParam(index);
        var b = new Utf8Builder(destination);
        ParamType type = (uint)index < (uint)info.Params.Length ? info.Params[index].Type : ParamType.ByteBuf;
        int width = p.Length;
        bool integer = width is 1 or 2 or 4 or 8 && type is not (ParamType.CharBuf or ParamType.FsPath or ParamType.FsRelPath
            or ParamType.CharBufArray or ParamType.ByteBuf or ParamType.SockAddr or ParamType.SockTuple);
        if (!integer)
            return RenderBytes(ParamValue.ToCString(p), destination);
        if (type is ParamType.Int8 or ParamType.Int16 or ParamType.Int32 or ParamType.Int64 or ParamType.Errno or ParamType.Fd or ParamType.Pid)
            b.Append(ParamValue.ToInt64(p));
        else
            b.AppendUnsigned(ParamValue.ToUInt64(p));
        return b.Length;
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int n = Math.Min(source.Length, destination.Length);
        source[..n].CopyTo(destination);
        return n;
    }

    /// <summary>Printable bytes as they are, others as '.', as sysdig prints buffers.</summary>
    private static int RenderBytes(ReadOnlySpan<byte> p, Span<byte> destination)
    {
        int n = Math.Min(p.Length, destination.Length);
        for (int i = 0; i < n; i++)
            destination[i] = p[i] is >= 0x20 and < 0x7f ? p[i] : (byte)'.';
        return n;
    }

    private static int RenderTuple(ReadOnlySpan<byte> p, Span<byte> destination)
    {
        var b = new Utf8Builder(destination);
        if (p.Length >= 13 && p[0] == SocketTuple.AfInet)
        {
            b.Advance(SocketText.FormatAddress(p.Slice(1, 4), false, b.Remaining));
            b.Append((byte)':');
            b.AppendUnsigned(BinaryPrimitives.ReadUInt16LittleEndian(p[5..]));
            b.Append("->"u8);
            b.Advance(SocketText.FormatAddress(p.Slice(7, 4), false, b.Remaining));
            b.Append((byte)':');
            b.AppendUnsigned(BinaryPrimitives.ReadUInt16LittleEndian(p[11..]));
        }
        else if (p.Length >= 37 && p[0] == SocketTuple.AfInet6)
        {
            b.Advance(SocketText.FormatAddress(p.Slice(1, 16), true, b.Remaining));
            b.Append((byte)':');
            b.AppendUnsigned(BinaryPrimitives.ReadUInt16LittleEndian(p[17..]));
            b.Append("->"u8);
            b.Advance(SocketText.FormatAddress(p.Slice(19, 16), true, b.Remaining));
            b.Append((byte)':');
            b.AppendUnsigned(BinaryPrimitives.ReadUInt16LittleEndian(p[35..]));
        }
        else if (p.Length >= 17 && p[0] == SocketTuple.AfUnix)
        {
            b.Append(ParamValue.ToCString(p[17..]));
        }
        return b.Length;
    }

    private static int RenderSockAddr(ReadOnlySpan<byte> p, Span<byte> destination)
    {
        var b = new Utf8Builder(destination);
        if (p.Length >= 7 && p[0] == SocketTuple.AfInet)
        {
            b.Advance(SocketText.FormatAddress(p.Slice(1, 4), false, b.Remaining));
            b.Append((byte)':');
            b.AppendUnsigned(BinaryPrimitives.ReadUInt16LittleEndian(p[5..]));
        }
        else if (p.Length >= 19 && p[0] == SocketTuple.AfInet6)
        {
            b.Advance(SocketText.FormatAddress(p.Slice(1, 16), true, b.Remaining));
            b.Append((byte)':');
            b.AppendUnsigned(BinaryPrimitives.ReadUInt16LittleEndian(p[17..]));
        }
        else if (p.Length >= 1 && p[0] == SocketTuple.AfUnix)
        {
            b.Append(ParamValue.ToCString(p[1..]));
        }
        return b.Length;
    }
}
