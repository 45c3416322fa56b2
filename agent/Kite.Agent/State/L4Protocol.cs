namespace Kite.Agent.State;

/// <summary>fd.l4proto of a socket.</summary>
internal enum L4Protocol : byte
{
    Unknown = 0,
    Tcp,
    Udp,
    Icmp,
    Raw,
}
