namespace Kite.Agent.Configuration;

/// <summary>`syslog_output` (+ `kite.syslog_socket` and `kite.syslog_facility`).</summary>
internal sealed record SyslogOutputConfig
{
    public bool Enabled { get; init; }

    /// <summary>The local syslog datagram socket.</summary>
    public string SocketPath { get; init; } = "/dev/log";

    /// <summary>Syslog facility number (1 = user, like Falco).</summary>
    public int Facility { get; init; } = 1;
}
