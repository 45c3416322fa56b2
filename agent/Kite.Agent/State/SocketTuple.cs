using System.Buffers.Binary;

namespace Kite.Agent.State;

/// <summary>
/// Parses the probe's SOCKTUPLE and SOCKADDR parameters (kite_events.h): u8 family, then for AF_INET
/// 4-byte addresses, for AF_INET6 16-byte addresses (network order), ports u16 in host order; the local end first.
/// </summary>
internal static class SocketTuple
{
    public const byte AfUnix = 1;
    public const byte AfInet = 2;
    public const byte AfInet6 = 10;
    public const byte AfNetlink = 16;

    /// <summary>Fills the endpoints of <paramref name="fd"/> from a tuple; false when the tuple is missing or malformed.</summary>
    public static bool TryApplyTuple(ReadOnlySpan<byte> tuple, FdInfo fd)
    {
        if (tuple.IsEmpty)
            return false;
        switch (tuple[0])
        {
            case AfInet when tuple.Length >= 13:
                fd.Type = FdType.Ipv4;
                fd.LocalAddress = default;
                fd.RemoteAddress = default;
                tuple.Slice(1, 4).CopyTo(fd.LocalAddress);
                fd.LocalPort = BinaryPrimitives.ReadUInt16LittleEndian(tuple[5..]);
                tuple.Slice(7, 4).CopyTo(fd.RemoteAddress);
                fd.RemotePort = BinaryPrimitives.ReadUInt16LittleEndian(tuple[11..]);
                return true;
            case AfInet6 when tuple.Length >= 37:
                fd.Type = FdType.Ipv6;
                tuple.Slice(1, 16).CopyTo(fd.LocalAddress);
                fd.LocalPort = BinaryPrimitives.ReadUInt16LittleEndian(tuple[17..]);
                tuple.Slice(19, 16).CopyTo(fd.RemoteAddress);
                fd.RemotePort = BinaryPrimitives.ReadUInt16LittleEndian(tuple[35..]);
                return true;
            case AfUnix when tuple.Length >= 17:
                fd.Type = FdType.Unix;
                ReadOnlySpan<byte> path = tuple[17..];
                int nul = path.IndexOf((byte)0);
                if (nul > 0)
                    path = path[..nul];
                if (!path.IsEmpty)
                    fd.Name.Set(path);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Fills the local end of <paramref name="fd"/> from a SOCKADDR (bind).</summary>
    public static bool TryApplyLocalAddress(ReadOnlySpan<byte> sockaddr, FdInfo fd)
    {
        if (sockaddr.IsEmpty)
            return false;
        switch (sockaddr[0])
        {
            case AfInet when sockaddr.Length >= 7:
                fd.Type = FdType.Ipv4;
                fd.LocalAddress = default;
                sockaddr.Slice(1, 4).CopyTo(fd.LocalAddress);
                fd.LocalPort = BinaryPrimitives.ReadUInt16LittleEndian(sockaddr[5..]);
                return true;
            case AfInet6 when sockaddr.Length >= 19:
                fd.Type = FdType.Ipv6;
                sockaddr.Slice(1, 16).CopyTo(fd.LocalAddress);
                fd.LocalPort = BinaryPrimitives.ReadUInt16LittleEndian(sockaddr[17..]);
                return true;
            case AfUnix:
                fd.Type = FdType.Unix;
                if (sockaddr.Length > 1)
                    fd.Name.Set(ParamValueCString(sockaddr[1..]));
                return true;
            default:
                return false;
        }
    }

    private static ReadOnlySpan<byte> ParamValueCString(ReadOnlySpan<byte> p) => Events.ParamValue.ToCString(p);

    public static FdType TypeOfFamily(long family) => family switch
    {
        AfInet => FdType.Ipv4,
        AfInet6 => FdType.Ipv6,
        AfUnix => FdType.Unix,
        AfNetlink => FdType.Netlink,
        _ => FdType.OtherSocket,
    };
}
