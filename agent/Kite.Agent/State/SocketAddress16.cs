using System.Runtime.CompilerServices;

namespace Kite.Agent.State;

/// <summary>16 bytes holding an IPv4 (first 4 bytes) or IPv6 address in network order, stored inline.</summary>
[InlineArray(16)]
internal struct SocketAddress16
{
    private byte _element0;
}
