using Kite.Agent.Events;
using Kite.Agent.State;
using Kite.Rules.Fields;

namespace Kite.Agent.Fields;

internal readonly ref partial struct EventContext
{
    private bool TryGetFdString(SyscallField field, out ReadOnlySpan<byte> value)
    {
        var fd = _fd;
        if (fd is null)
            return TryGetFdStringFromParams(field, out value);
        switch (field)
        {
            case >= SyscallField.FdCipName and <= SyscallField.FdRipName:
                return TryGetFdHostName(field, out value);
            case SyscallField.FdType:
                value = FdInfo.TypeName(fd.Type);
                return true;
            case SyscallField.FdTypeChar:
                value = TypeCharSpan(fd.Type);
                return true;
            case SyscallField.FdName:
                return Text(fd.Name, out value);
            case SyscallField.FdDirectory:
                value = IsPathFd(fd) ? PathResolver.Directory(fd.Name.Span) : default;
                return IsPathFd(fd) && fd.Name.HasValue;
            case SyscallField.FdFilename:
                value = IsPathFd(fd) ? PathResolver.FileName(fd.Name.Span) : default;
                return IsPathFd(fd) && fd.Name.HasValue;
            case SyscallField.FdNameRaw:
                return Text(fd.NameRaw, out value);
            case SyscallField.FdSockFamily:
                value = fd.IsIp ? "ip"u8 : fd.Type == FdType.Unix ? "unix"u8 : default;
                return fd.IsIp || fd.Type == FdType.Unix;
            case SyscallField.FdL4Proto:
                value = fd.L4Protocol switch
                {
                    L4Protocol.Tcp => "tcp"u8,
                    L4Protocol.Udp => "udp"u8,
                    L4Protocol.Icmp => "icmp"u8,
                    L4Protocol.Raw => "raw"u8,
                    _ => default,
                };
                return fd.IsSocket && !value.IsEmpty;
            default:
                // fd.*.name (DNS names) need a DNS cache Kite does not keep: missing.
                return Missing(out value);
        }
    }

    /// <summary>
    /// Events without a table entry (a failed open, unlink, rename, mkdir...) still have fd.name, fd.directory,
    /// fd.filename, fd.typechar from their path parameter, as libs derives them (macro open_file_failed).
    /// </summary>
    private bool TryGetFdStringFromParams(SyscallField field, out ReadOnlySpan<byte> value)
    {
        int pathIndex = ParamIndex.PathOf(_type);
        if (pathIndex < 0 || Process is not { } process || _event.GetParam(pathIndex).IsEmpty)
            return Missing(out value);
        switch (field)
        {
            case SyscallField.FdType:
                value = "file"u8;
                return true;
            case SyscallField.FdTypeChar:
                value = "f"u8;
                return true;
            case SyscallField.FdNameRaw:
                value = ParamValue.ToCString(_event.GetParam(pathIndex));
                return true;
            case SyscallField.FdName or SyscallField.FdDirectory or SyscallField.FdFilename:
            {
                ReadOnlySpan<byte> dir = State.BaseDirectoryOf(_event, EventTable.Get(_type), pathIndex, process);
                int n = PathResolver.Resolve(dir, ParamValue.ToCString(_event.GetParam(pathIndex)), _scratch.PathBuffer);
                ReadOnlySpan<byte> path = _scratch.PathBuffer.AsSpan(0, n);
                value = field switch
                {
                    SyscallField.FdName => path,
                    SyscallField.FdDirectory => PathResolver.Directory(path),
                    _ => PathResolver.FileName(path),
                };
                return true;
            }
            default:
                return Missing(out value);
        }
    }

    private bool TryGetFdNum(out long value)
    {
        if (_fd is not null)
        {
            value = _fd.Fd;
            return true;
        }
        int index = ParamIndex.FdParamOf(_type);
        if (index < 0 || _event.GetParam(index).IsEmpty)
        {
            value = 0;
            return false;
        }
        value = _event.GetInt64(index);
        if (value < 0)
            value = -1; // a failed fd-creating call: libs reports -1, not -errno
        return true;
    }

    private bool TryGetFdUInt64(SyscallField field, out ulong value)
    {
        value = 0;
        var fd = _fd;
        if (fd is null)
            return false;
        switch (field)
        {
            case SyscallField.FdCport:
                value = fd.IsServer ? fd.RemotePort : fd.LocalPort;
                return fd.IsIp;
            case SyscallField.FdSport:
                value = fd.IsServer ? fd.LocalPort : fd.RemotePort;
                return fd.IsIp;
            case SyscallField.FdLport:
                value = fd.LocalPort;
                return fd.IsIp;
            case SyscallField.FdRport:
                value = fd.RemotePort;
                return fd.IsIp;
            case SyscallField.FdDev:
                value = fd.Dev;
                return fd.Type is FdType.File or FdType.Directory;
            case SyscallField.FdIno:
                value = fd.Ino;
                return fd.Ino != 0;
            default:
                return false;
        }
    }

    /// <summary>
    /// `fd.sip.name` and its kin: the watched host name (one some condition compares with) that the
    /// address belongs to, from the DNS cache; no reverse lookup, so other addresses have no name.
    /// </summary>
    private bool TryGetFdHostName(SyscallField field, out ReadOnlySpan<byte> value)
    {
        value = default;
        var addressField = field switch
        {
            SyscallField.FdCipName => SyscallField.FdCip,
            SyscallField.FdSipName => SyscallField.FdSip,
            SyscallField.FdLipName => SyscallField.FdLip,
            _ => SyscallField.FdRip,
        };
        if (!TryGetFdAddress(addressField, out NetAddress address)
            || !SyscallFieldCatalog.Instance.HostNames.TryGetName(address, out byte[] name))
            return false;
        value = name;
        return true;
    }

    private bool TryGetFdAddress(SyscallField field, out NetAddress value)
    {
        value = default;
        var fd = _fd;
        if (fd is null || !fd.IsIp)
            return false;
        bool local = field switch
        {
            SyscallField.FdCip or SyscallField.FdCnet => !fd.IsServer,
            SyscallField.FdSip or SyscallField.FdSnet => fd.IsServer,
            SyscallField.FdLip or SyscallField.FdLnet => true,
            SyscallField.FdRip or SyscallField.FdRnet => false,
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
        ref SocketAddress16 address = ref local ? ref fd.LocalAddress : ref fd.RemoteAddress;
        ReadOnlySpan<byte> bytes = address;
        value = fd.Type == FdType.Ipv4 ? NetAddress.FromIPv4(bytes[..4]) : NetAddress.FromIPv6(bytes);
        return true;
    }

    private static bool IsPathFd(FdInfo fd) => fd.Type is FdType.File or FdType.Directory or FdType.Memfd;

    private static ReadOnlySpan<byte> TypeCharSpan(FdType type) => type switch
    {
        FdType.File => "f"u8,
        FdType.Directory => "d"u8,
        FdType.Ipv4 => "4"u8,
        FdType.Ipv6 => "6"u8,
        FdType.Unix => "u"u8,
        FdType.Pipe => "p"u8,
        FdType.Event => "e"u8,
        FdType.SignalFd => "s"u8,
        FdType.EventPoll => "l"u8,
        FdType.Inotify => "i"u8,
        FdType.TimerFd => "t"u8,
        FdType.Netlink => "n"u8,
        FdType.Bpf => "b"u8,
        FdType.UserFaultFd => "r"u8,
        FdType.IoUring => "o"u8,
        FdType.Memfd => "m"u8,
        FdType.PidFd => "P"u8,
        _ => "?"u8,
    };
}
