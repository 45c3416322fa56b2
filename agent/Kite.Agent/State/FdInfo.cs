namespace Kite.Agent.State;

/// <summary>
/// One open file descriptor of a process. Pooled by <see cref="ThreadTable"/>: an entry is reset and
/// reused after close, so its text buffers are recycled too.
/// </summary>
internal sealed class FdInfo
{
    public int Fd;

    public FdType Type;

    /// <summary>fd.name: absolute normalised path, or <c>cip:cport-&gt;sip:sport</c>, or the unix path, or <c>pipe:[ino]</c>.</summary>
    public Utf8Text Name;

    /// <summary>fd.nameraw: the path exactly as the process passed it (files only).</summary>
    public Utf8Text NameRaw;

    /// <summary>Open flags as the probe reports them (with <c>EventTable.OpenFlagCreated</c>).</summary>
    public uint OpenFlags;

    public uint Mode;

    public uint Dev;

    public ulong Ino;

    public L4Protocol L4Protocol;

    /// <summary>Addresses in network byte order; IPv4 uses the first 4 bytes.</summary>
    public SocketAddress16 LocalAddress;

    public SocketAddress16 RemoteAddress;

    public ushort LocalPort;

    public ushort RemotePort;

    /// <summary>True when the local end is the server (accept, listen, bind); false when it is the client (connect).</summary>
    public bool IsServer;

    /// <summary>Tuple known (connect/accept succeeded or a datagram peer was seen).</summary>
    public bool Connected;

    public bool CloseOnExec;

    internal void Reset(int fd, FdType type)
    {
        Fd = fd;
        Type = type;
        Name.Clear();
        NameRaw.Clear();
        OpenFlags = 0;
        Mode = 0;
        Dev = 0;
        Ino = 0;
        L4Protocol = L4Protocol.Unknown;
        LocalAddress = default;
        RemoteAddress = default;
        LocalPort = 0;
        RemotePort = 0;
        IsServer = false;
        Connected = false;
        CloseOnExec = false;
    }

    internal void CopyFrom(FdInfo other, int fd)
    {
        Fd = fd;
        Type = other.Type;
        Name.Set(other.Name);
        NameRaw.Set(other.NameRaw);
        OpenFlags = other.OpenFlags;
        Mode = other.Mode;
        Dev = other.Dev;
        Ino = other.Ino;
        L4Protocol = other.L4Protocol;
        LocalAddress = other.LocalAddress;
        RemoteAddress = other.RemoteAddress;
        LocalPort = other.LocalPort;
        RemotePort = other.RemotePort;
        IsServer = other.IsServer;
        Connected = other.Connected;
        CloseOnExec = false; // dup never copies FD_CLOEXEC
    }

    public bool IsSocket => Type is FdType.Ipv4 or FdType.Ipv6 or FdType.Unix or FdType.Netlink or FdType.OtherSocket;

    public bool IsIp => Type is FdType.Ipv4 or FdType.Ipv6;

    /// <summary>fd.typechar.</summary>
    public static byte TypeChar(FdType type) => type switch
    {
        FdType.File => (byte)'f',
        FdType.Directory => (byte)'d',
        FdType.Ipv4 => (byte)'4',
        FdType.Ipv6 => (byte)'6',
        FdType.Unix => (byte)'u',
        FdType.Pipe => (byte)'p',
        FdType.Event => (byte)'e',
        FdType.SignalFd => (byte)'s',
        FdType.EventPoll => (byte)'l',
        FdType.Inotify => (byte)'i',
        FdType.TimerFd => (byte)'t',
        FdType.Netlink => (byte)'n',
        FdType.Bpf => (byte)'b',
        FdType.UserFaultFd => (byte)'r',
        FdType.IoUring => (byte)'o',
        FdType.Memfd => (byte)'m',
        FdType.PidFd => (byte)'P',
        _ => (byte)'?',
    };

    /// <summary>fd.type as Falco spells it.</summary>
    public static ReadOnlySpan<byte> TypeName(FdType type) => type switch
    {
        FdType.File => "file"u8,
        FdType.Directory => "directory"u8,
        FdType.Ipv4 => "ipv4"u8,
        FdType.Ipv6 => "ipv6"u8,
        FdType.Unix => "unix"u8,
        FdType.Pipe => "pipe"u8,
        FdType.Event => "event"u8,
        FdType.SignalFd => "signalfd"u8,
        FdType.EventPoll => "eventpoll"u8,
        FdType.Inotify => "inotify"u8,
        FdType.TimerFd => "timerfd"u8,
        FdType.Netlink => "netlink"u8,
        FdType.Bpf => "bpf"u8,
        FdType.UserFaultFd => "userfaultfd"u8,
        FdType.IoUring => "io_uring"u8,
        FdType.Memfd => "memfd"u8,
        FdType.PidFd => "pidfd"u8,
        _ => "unknown"u8,
    };
}
