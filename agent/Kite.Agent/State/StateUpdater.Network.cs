using Kite.Agent.Events;

namespace Kite.Agent.State;

internal sealed partial class StateUpdater
{
    private const long EInProgress = -115;
    private const uint SockStream = 1;
    private const uint SockDgram = 2;
    private const uint SockRaw = 3;
    private const uint IpProtoIcmp = 1;
    private const uint IpProtoIcmpV6 = 58;

    private void ApplySocket(in RawEvent ev, ThreadInfo process)
    {
        long fd = ev.GetInt64(0);
        if (fd < 0 || process.Fds is null)
            return;
        var entry = process.Fds.Add((int)fd, SocketTuple.TypeOfFamily(ev.GetInt64(1)), Threads.Pool, Threads.Limits, Stats);
        Fd = entry;
        if (entry is null)
            return;
        uint sockType = (uint)ev.GetUInt64(2) & 0xf;
        uint protocol = (uint)ev.GetUInt64(3);
        entry.L4Protocol = sockType switch
        {
            SockStream => L4Protocol.Tcp,
            SockDgram when protocol is IpProtoIcmp or IpProtoIcmpV6 => L4Protocol.Icmp,
            SockDgram => L4Protocol.Udp,
            SockRaw when protocol is IpProtoIcmp or IpProtoIcmpV6 => L4Protocol.Icmp,
            SockRaw => L4Protocol.Raw,
            _ => L4Protocol.Unknown,
        };
        entry.CloseOnExec = (ev.GetUInt64(2) & OCloexec) != 0; // SOCK_CLOEXEC == O_CLOEXEC
    }

    private void ApplySocketpair(in RawEvent ev, ThreadInfo process)
    {
        if (ev.GetInt64(0) != 0 || process.Fds is null)
            return;
        for (int i = 1; i <= 2; i++)
        {
            var entry = process.Fds.Add((int)ev.GetInt64(i), SocketTuple.TypeOfFamily(ev.GetInt64(5)), Threads.Pool, Threads.Limits, Stats);
            Fd ??= entry;
        }
    }

    /// <summary>connect: this end is the client; the tuple gives both ends (also for a non-blocking EINPROGRESS).</summary>
    private void ApplyConnect(in RawEvent ev, ThreadInfo process)
    {
        long res = ev.GetInt64(0);
        int fd = (int)ev.GetInt64(2);
        var entry = FindOrAddSocket(process, fd, ev.GetParam(1));
        Fd = entry;
        if (entry is null || (res != 0 && res != EInProgress))
            return;
        if (!SocketTuple.TryApplyTuple(ev.GetParam(1), entry))
        {
            Stats.BadParams++;
            return;
        }
        entry.IsServer = false;
        entry.Connected = true;
        if (entry.L4Protocol == L4Protocol.Unknown && entry.IsIp)
            entry.L4Protocol = L4Protocol.Tcp;
        if (entry.IsIp)
            SocketText.UpdateName(entry);
    }

    /// <summary>accept/accept4: a new fd whose local end is the server.</summary>
    private void ApplyAccept(EventType type, in RawEvent ev, ThreadInfo process)
    {
        long fd = ev.GetInt64(0);
        if (fd < 0 || process.Fds is null)
            return;
        var entry = process.Fds.Add((int)fd, FdType.OtherSocket, Threads.Pool, Threads.Limits, Stats);
        Fd = entry;
        if (entry is null)
            return;
        if (!SocketTuple.TryApplyTuple(ev.GetParam(1), entry))
        {
            Stats.BadParams++;
            return;
        }
        entry.IsServer = true;
        entry.Connected = true;
        if (entry.IsIp)
        {
            entry.L4Protocol = L4Protocol.Tcp;
            SocketText.UpdateName(entry);
        }
        if (type == EventType.Accept4)
            entry.CloseOnExec = (ev.GetUInt64(5) & OCloexec) != 0;
    }

    private void ApplyBind(in RawEvent ev, ThreadInfo process)
    {
        int fd = (int)ev.GetInt64(2);
        var entry = FindOrAddSocket(process, fd, ev.GetParam(1));
        Fd = entry;
        if (entry is null || ev.GetInt64(0) != 0)
            return;
        if (SocketTuple.TryApplyLocalAddress(ev.GetParam(1), entry))
        {
            entry.IsServer = true;
            if (entry.IsIp)
                SocketText.UpdateName(entry);
        }
    }

    private void ApplyListen(in RawEvent ev, ThreadInfo process)
    {
        var entry = process.Fds?.Find((int)ev.GetInt64(1));
        Fd = entry;
        if (entry is not null && ev.GetInt64(0) == 0)
            entry.IsServer = true;
    }

    /// <summary>
    /// sendto/sendmsg/sendmmsg/recvfrom/recvmsg/recvmmsg: a tuple on an unconnected (datagram) socket names the
    /// peer of this event (for the *mmsg calls, the peer of the first message); when it differs from the last one
    /// the fd's name changes (fd.name_changed).
    /// </summary>
    private void ApplyDatagram(EventType type, in RawEvent ev, ThreadInfo process)
    {
        int fdIndex = ParamIndex.Of(type, KnownParam.Fd);
        int tupleIndex = ParamIndex.Of(type, KnownParam.Tuple);
        var entry = process.Fds?.Find((int)ev.GetInt64(fdIndex));
        Fd = entry;
        if (entry is null)
        {
            Stats.FdMisses++;
            return;
        }
        ReadOnlySpan<byte> tuple = ev.GetParam(tupleIndex);
        if (tuple.IsEmpty || !entry.IsIp || (entry.Connected && entry.L4Protocol == L4Protocol.Tcp))
            return;
        ushort oldRemotePort = entry.RemotePort;
        SocketAddress16 oldRemote = entry.RemoteAddress;
        if (!SocketTuple.TryApplyTuple(tuple, entry))
            return;
        // A receive on an unconnected socket makes this end the server of the exchange.
        entry.IsServer = type is EventType.Recvfrom or EventType.Recvmsg or EventType.Recvmmsg;
        if (entry.L4Protocol == L4Protocol.Unknown)
            entry.L4Protocol = L4Protocol.Udp;
        if (oldRemotePort != entry.RemotePort || !((ReadOnlySpan<byte>)oldRemote).SequenceEqual(entry.RemoteAddress) || !entry.Name.HasValue)
        {
            SocketText.UpdateName(entry);
            NameChanged = true;
        }
    }

    private FdInfo? FindOrAddSocket(ThreadInfo process, int fd, ReadOnlySpan<byte> addressParam)
    {
        if (fd < 0 || process.Fds is null)
            return null;
        var entry = process.Fds.Find(fd);
        if (entry is not null)
            return entry;
        Stats.FdMisses++;
        var type = addressParam.IsEmpty ? FdType.OtherSocket : SocketTuple.TypeOfFamily(addressParam[0]);
        return process.Fds.Add(fd, type, Threads.Pool, Threads.Limits, Stats);
    }
}
