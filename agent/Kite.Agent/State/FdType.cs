namespace Kite.Agent.State;

/// <summary>What an fd refers to (fd.type / fd.typechar).</summary>
internal enum FdType : byte
{
    Unknown = 0,
    File,
    Directory,
    Ipv4,
    Ipv6,
    Unix,
    Pipe,
    Event,
    SignalFd,
    EventPoll,
    Inotify,
    TimerFd,
    Netlink,
    Bpf,
    UserFaultFd,
    IoUring,
    Memfd,
    PidFd,
    /// <summary>A socket of a family Kite does not track (AF_PACKET, ...).</summary>
    OtherSocket,
}
