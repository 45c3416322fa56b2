using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Kite.Rules.Fields;

/// <summary>
/// An IPv4 or IPv6 address as a 17-byte value (no allocation, unlike <see cref="IPAddress"/>).
/// IPv4 and IPv6 never compare equal (as in libs), even for v4-mapped v6 addresses.
/// </summary>
public readonly struct NetAddress : IEquatable<NetAddress>
{
    // Network byte order, big-endian halves; IPv4 lives in the top 4 bytes of _hi.
    private readonly ulong _hi;
    private readonly ulong _lo;

    private NetAddress(AddressFamily family, ulong hi, ulong lo)
    {
        Family = family;
        _hi = hi;
        _lo = lo;
    }

    /// <summary><see cref="AddressFamily.InterNetwork"/>, <see cref="AddressFamily.InterNetworkV6"/>, or Unspecified for default.</summary>
    public AddressFamily Family { get; }

    public bool IsIPv4 => Family == AddressFamily.InterNetwork;

    /// <summary>Bit length of the address: 32 or 128.</summary>
    public int BitLength => IsIPv4 ? 32 : 128;

    /// <summary>From 4 bytes in network order (as the kernel stores `sin_addr`).</summary>
    public static NetAddress FromIPv4(ReadOnlySpan<byte> networkOrder) =>
        new(AddressFamily.InterNetwork, (ulong)BinaryPrimitives.ReadUInt32BigEndian(networkOrder) << 32, 0);

    /// <summary>From a 32-bit value whose most significant byte is the first octet (`10.0.0.1` = 0x0A000001).</summary>
    public static NetAddress FromIPv4(uint hostOrder) => new(AddressFamily.InterNetwork, (ulong)hostOrder << 32, 0);

    /// <summary>From 16 bytes in network order.</summary>
    public static NetAddress FromIPv6(ReadOnlySpan<byte> networkOrder) =>
        new(AddressFamily.InterNetworkV6, BinaryPrimitives.ReadUInt64BigEndian(networkOrder), BinaryPrimitives.ReadUInt64BigEndian(networkOrder[8..]));

    public static NetAddress FromIPAddress(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        return written == 4 ? FromIPv4(bytes) : FromIPv6(bytes);
    }

    /// <summary>
    /// Parses IPv4 dotted-quad or IPv6 text as inet_pton(3) does; false for anything else
    /// (no host names, no short IPv4 forms like `10.1` that <see cref="IPAddress.TryParse(string, out IPAddress)"/> accepts).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out NetAddress address)
    {
        address = default;
        bool v6 = text.Contains(':');
        if (!v6 && (text.Count('.') != 3 || text.ContainsAnyExcept("0123456789.")))
            return false;
        if (!IPAddress.TryParse(text, out IPAddress? ip) || (ip.AddressFamily == AddressFamily.InterNetworkV6) != v6 || (v6 && ip.ScopeId != 0))
            return false;
        address = FromIPAddress(ip);
        return true;
    }

    /// <summary>True when the first <paramref name="prefixLength"/> bits equal those of <paramref name="network"/> (same family).</summary>
    public bool IsInNetwork(in NetAddress network, int prefixLength)
    {
        if (Family != network.Family)
            return false;
        if (prefixLength <= 0)
            return true;
        if (prefixLength <= 64)
        {
            ulong mask = prefixLength == 64 ? ulong.MaxValue : ~(ulong.MaxValue >> prefixLength);
            return (_hi & mask) == (network._hi & mask);
        }
        ulong lowMask = prefixLength >= 128 ? ulong.MaxValue : ~(ulong.MaxValue >> (prefixLength - 64));
        return _hi == network._hi && (_lo & lowMask) == (network._lo & lowMask);
    }

    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, _hi);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], _lo);
        return IsIPv4 ? new IPAddress(bytes[..4]) : new IPAddress(bytes);
    }

    public bool Equals(NetAddress other) => Family == other.Family && _hi == other._hi && _lo == other._lo;

    public override bool Equals(object? obj) => obj is NetAddress other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Family, _hi, _lo);

    public static bool operator ==(NetAddress left, NetAddress right) => left.Equals(right);

    public static bool operator !=(NetAddress left, NetAddress right) => !left.Equals(right);

    /// <summary>Dotted or colon notation, as libs renders addresses in outputs.</summary>
    public override string ToString() => Family == AddressFamily.Unspecified ? "" : ToIPAddress().ToString();
}
