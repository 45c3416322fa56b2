using Kite.Agent.Configuration;
using Kite.Protocol.Alerts;

namespace Kite.Agent.Outputs;

/// <summary>
/// `syslog_output`: one RFC 5424 datagram per alert to the local syslog socket; severity is the
/// alert priority (Falco's eight priorities are syslog's eight severities), facility from config.
/// </summary>
internal sealed class SyslogOutput : IAlertOutput
{
    private readonly SyslogSocket _socket;
    private readonly AlertFormatter _formatter;

    public SyslogOutput(SyslogOutputConfig config, AlertFormatter formatter, string hostname)
    {
        _socket = new SyslogSocket(config.SocketPath, config.Facility, hostname);
        _formatter = formatter;
    }

    public string Name => "syslog";

    public ValueTask WriteAsync(Alert alert, CancellationToken cancellationToken)
    {
        string message = _formatter.IsJson
            ? System.Text.Encoding.UTF8.GetString(_formatter.Format(alert))
            : _formatter.TextLine(alert);
        _socket.Send((int)alert.Priority, alert.TimeUnixNanos, message);
        return ValueTask.CompletedTask;
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
