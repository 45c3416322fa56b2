using System.Buffers;
using System.Buffers.Text;

namespace Kite.Agent.State;

/// <summary>Renders socket endpoints as Falco does (fd.name of an IP socket is <c>cip:cport-&gt;sip:sport</c>) without allocating.</summary>
internal static class SocketText
{
    /// <summary>Writes an IPv4 (4 bytes) or IPv6 (16 bytes) address in network order as text.</summary>
    public static int FormatAddress(ReadOnlySpan<byte> address, bool ipv6, Span<byte> destination)
    {
        if (!ipv6)
        {
            int w = 0;
            for (int i = 0; i < 4; i++)
            {
                if (i > 0)
                    destination[w++] = (byte)'.';
                Utf8Formatter.TryFormat(address[i], destination[w..], out int n);
                w += n;
            }
            return w;
        }
        return FormatIpv6(address[..16], destination);
    }

    /// <summary>RFC 5952 text: lower-case hex groups, the longest run of zero groups as "::", IPv4-mapped as ::ffff:a.b.c.d.</summary>
    private static int FormatIpv6(ReadOnlySpan<byte> a, Span<byte> destination)
    {
        bool mapped = a[..10].IndexOfAnyExcept((byte)0) < 0 && a[10] == 0xff && a[11] == 0xff;
        if (mapped)
        {
            "::ffff:"u8.CopyTo(destination);
            return 7 + FormatAddress(a[12..], ipv6: false, destination[7..]);
        }
        Span<ushort> groups = stackalloc ushort[8];
        for (int i = 0; i < 8; i++)
            groups[i] = (ushort)(a[2 * i] << 8 | a[2 * i + 1]);
        int bestStart = -1, bestLength = 0;
        for (int i = 0; i < 8;)
        {
            if (groups[i] != 0)
            {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0)
                i++;
            if (i - start > bestLength && i - start >= 2)
            {
                bestStart = start;
                bestLength = i - start;
            }
        }
        int w = 0;
        for (int i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                destination[w++] = (byte)':';
                destination[w++] = (byte)':';
                i += bestLength - 1;
                continue;
            }
            if (i > 0 && !(bestStart >= 0 && i == bestStart + bestLength))
                destination[w++] = (byte)':';
            Utf8Formatter.TryFormat(groups[i], destination[w..], out int n, new StandardFormat('x'));
            w += n;
        }
        return w;
    }

    /// <summary>Writes <c>cip:cport-&gt;sip:sport</c> for <paramref name="fd"/> into <paramref name="destination"/>.</summary>
    public static int FormatTuple(FdInfo fd, Span<byte> destination)
    {
        bool v6 = fd.Type == FdType.Ipv6;
        ref SocketAddress16 clientAddress = ref fd.IsServer ? ref fd.RemoteAddress : ref fd.LocalAddress;
        ref SocketAddress16 serverAddress = ref fd.IsServer ? ref fd.LocalAddress : ref fd.RemoteAddress;
        ReadOnlySpan<byte> client = clientAddress;
        ReadOnlySpan<byte> server = serverAddress;
        ushort clientPort = fd.IsServer ? fd.RemotePort : fd.LocalPort;
        ushort serverPort = fd.IsServer ? fd.LocalPort : fd.RemotePort;
        int w = FormatAddress(client, v6, destination);
        destination[w++] = (byte)':';
        Utf8Formatter.TryFormat(clientPort, destination[w..], out int n);
        w += n;
        "->"u8.CopyTo(destination[w..]);
        w += 2;
        w += FormatAddress(server, v6, destination[w..]);
        destination[w++] = (byte)':';
        Utf8Formatter.TryFormat(serverPort, destination[w..], out n);
        return w + n;
    }

    /// <summary>Sets fd.name of an IP socket from its tuple.</summary>
    public static void UpdateName(FdInfo fd)
    {
        Span<byte> buffer = stackalloc byte[128];
        fd.Name.Set(buffer[..FormatTuple(fd, buffer)]);
    }
}
