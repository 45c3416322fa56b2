using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Kite.Agent.Outputs;

/// <summary>
/// Sends RFC 5424 messages to a local syslog datagram socket (/dev/log): `&lt;PRI&gt;1 TIMESTAMP HOSTNAME
/// kite PID - - MSG`, PRI = facility * 8 + severity. Reconnects after the daemon restarts.
/// Not thread-safe: one owner (an output worker, or the logger under its lock).
/// </summary>
internal sealed class SyslogSocket : IDisposable
{
    /// <summary>Messages longer than this are truncated: datagram sockets cap the size, and syslogd rejects huge ones.</summary>
    public const int MaxMessageBytes = 60 * 1024;

    private readonly string _path;
    private readonly int _facility;
    private readonly string _hostname;
    private readonly string _procId = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    private readonly byte[] _buffer = new byte[MaxMessageBytes];
    private readonly Lock _lock = new();
    private Socket? _socket;

    public SyslogSocket(string path, int facility, string hostname)
    {
        _path = path;
        _facility = facility;
        _hostname = SanitizeHostname(hostname);
    }

    public string Path => _path;

    /// <summary>The host name syslog messages carry (RFC 5424 HOSTNAME: printable ASCII, no spaces).</summary>
    public static string DefaultHostname() => SanitizeHostname(AgentHostname.Resolve());

    /// <summary>Sends one message; throws <see cref="SocketException"/> when even a fresh connection fails.</summary>
    public void Send(int severity, long unixNanos, string message)
    {
        lock (_lock)
        {
            int length = Format(severity, unixNanos, message);
            try
            {
                Connected().Send(_buffer.AsSpan(0, length));
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // The daemon restarted (new socket inode): reconnect once, then give up for this message.
                Close();
                Connected().Send(_buffer.AsSpan(0, length));
            }
        }
    }

    /// <summary>Like <see cref="Send"/> but never throws (for the logger: logging must not fail the caller).</summary>
    public bool TrySend(int severity, long unixNanos, string message)
    {
        try
        {
            Send(severity, unixNanos, message);
            return true;
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        lock (_lock)
            Close();
    }

    /// <summary>The RFC 5424 datagram for a message, as text (for tests and diagnostics).</summary>
    internal string FormatForTest(int severity, long unixNanos, string message) =>
        Encoding.UTF8.GetString(_buffer, 0, Format(severity, unixNanos, message));

    private int Format(int severity, long unixNanos, string message)
    {
        int pri = (_facility * 8) + Math.Clamp(severity, 0, 7);
        DateTime t = DateTime.UnixEpoch.AddTicks(unixNanos / 100);
        string header = string.Create(CultureInfo.InvariantCulture, $"<{pri}>1 {t:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'} {_hostname} kite {_procId} - - ");
        int n = Encoding.ASCII.GetBytes(header, _buffer);
        int room = _buffer.Length - n;
        if (Encoding.UTF8.GetByteCount(message) <= room)
            return n + Encoding.UTF8.GetBytes(message, _buffer.AsSpan(n));
        // Truncate on a character boundary.
        Encoding.UTF8.GetEncoder().Convert(message, _buffer.AsSpan(n), flush: true, out _, out int used, out _);
        return n + used;
    }

    private Socket Connected()
    {
        if (_socket is not null)
            return _socket;
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(_path));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        _socket = socket;
        return socket;
    }

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
    }

    private static string SanitizeHostname(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            if (c is > ' ' and < (char)127)
                sb.Append(c);
        }
        return sb.Length == 0 ? "-" : sb.ToString(0, Math.Min(sb.Length, 255));
    }
}
