using System.Net.Sockets;
using System.Text;
using Kite.Agent.Configuration;
using Kite.Agent.Outputs;
using Kite.Protocol.Alerts;

namespace Kite.Agent.Tests.Outputs;

/// <summary>The syslog output against a real unix datagram socket standing in for /dev/log.</summary>
public sealed class SyslogOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kite-syslog-").FullName;
    private readonly string _path;
    private Socket _server;

    public SyslogOutputTests()
    {
        _path = Path.Combine(_dir, "log.sock");
        _server = Bind(_path);
    }

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static Socket Bind(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.ReceiveTimeout = 10_000;
        return socket;
    }

    private string Receive()
    {
        byte[] buffer = new byte[70_000];
        int n = _server.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    private SyslogOutput Create(bool json = false, int facility = 1) =>
        new(new SyslogOutputConfig { Enabled = true, SocketPath = _path, Facility = facility }, new AlertFormatter(new AlertFormatConfig { Json = json }, "node-1", TimeZoneInfo.Utc), "node-1");

    [Fact]
    public async Task SendsRfc5424MessageWithPriorityAsSeverity()
    {
        await using SyslogOutput output = Create();

        await output.WriteAsync(TestAlerts.Make(), default);

        string message = Receive();
        Assert.Equal($"<12>1 2026-11-21T23:01:02.123456Z node-1 kite {Environment.ProcessId} - - 23:01:02.123456789: Warning Sensitive file opened | file=/etc/shadow", message);
    }

    [Theory]
    [InlineData(AlertPriority.Emergency, 1, "<8>")]
    [InlineData(AlertPriority.Critical, 1, "<10>")]
    [InlineData(AlertPriority.Notice, 1, "<13>")]
    [InlineData(AlertPriority.Debug, 1, "<15>")]
    [InlineData(AlertPriority.Error, 3, "<27>")]
    [InlineData(AlertPriority.Informational, 16, "<134>")]
    public async Task FacilityAndSeverityMakeThePri(AlertPriority priority, int facility, string pri)
    {
        await using SyslogOutput output = Create(facility: facility);

        await output.WriteAsync(TestAlerts.Make(priority: priority), default);

        Assert.StartsWith(pri + "1 ", Receive(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonOutputSendsTheJsonObjectAsMessage()
    {
        await using SyslogOutput output = Create(json: true);

        await output.WriteAsync(TestAlerts.Make(), default);

        string message = Receive();
        Assert.Contains(" - - {\"hostname\":\"node-1\"", message, StringComparison.Ordinal);
        Assert.EndsWith("}", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReconnectsAfterTheSyslogDaemonRestarts()
    {
        await using SyslogOutput output = Create();
        await output.WriteAsync(TestAlerts.Make(n: 1), default);
        Assert.EndsWith("n=1", Receive(), StringComparison.Ordinal);

        _server.Dispose();
        File.Delete(_path);
        _server = Bind(_path);
        await output.WriteAsync(TestAlerts.Make(n: 2), default);

        Assert.EndsWith("n=2", Receive(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingSocketFailsTheWrite()
    {
        await using var output = new SyslogOutput(new SyslogOutputConfig { SocketPath = Path.Combine(_dir, "absent.sock") }, new AlertFormatter(new AlertFormatConfig(), "h"), "h");

        await Assert.ThrowsAsync<SocketException>(async () => await output.WriteAsync(TestAlerts.Make(), default));
    }

    [Fact]
    public async Task HugeMessageIsTruncatedToOneDatagram()
    {
        await using SyslogOutput output = Create();

        await output.WriteAsync(TestAlerts.Make(output: new string('é', 100_000)), default);

        string message = Receive();
        Assert.True(Encoding.UTF8.GetByteCount(message) <= SyslogSocket.MaxMessageBytes);
        Assert.EndsWith("é", message, StringComparison.Ordinal);
    }
}
