using System.Net.Sockets;
using System.Text;
using Kite.Agent.Configuration;
using Kite.Agent.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Kite.Agent.Tests.Web;

public sealed class AgentLoggerProviderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kite-log-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void LogLevelFiltersAndEachMessageIsOneLine()
    {
        var stderr = new StringWriter();
        var config = new AgentConfig { Logging = new LoggingConfig { Level = LogLevel.Warning }, Format = new AlertFormatConfig { TimeIso8601 = true } };
        using (ILoggerFactory factory = AgentLoggerProvider.CreateFactory(config, stderr))
        {
            ILogger logger = factory.CreateLogger("test");
            AgentLog.OutputsDrained(logger, 5);
            AgentLog.OutputQueueFull(logger, "http", 3, 10, 100);
            AgentLog.OutputFailed(logger, "file", "disk full\nsecond line", 1, 10);
        }

        string[] lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z: warning output http: queue full, 3 alerts dropped", lines[0]);
        Assert.Contains("error output file: failed to deliver an alert: disk full second line", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void LogStderrFalseWritesNothing()
    {
        var stderr = new StringWriter();
        var config = new AgentConfig { Logging = new LoggingConfig { Stderr = false } };
        using (ILoggerFactory factory = AgentLoggerProvider.CreateFactory(config, stderr))
            AgentLog.OutputsDrained(factory.CreateLogger("test"), 5);

        Assert.Equal("", stderr.ToString());
    }

    [Fact]
    public void LogSyslogSendsToTheSyslogSocket()
    {
        string path = Path.Combine(_dir, "log.sock");
        using var server = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint(path));
        server.ReceiveTimeout = 10_000;
        var config = new AgentConfig
        {
            Logging = new LoggingConfig { Stderr = false, Syslog = true },
            SyslogOutput = new SyslogOutputConfig { SocketPath = path },
        };
        using (ILoggerFactory factory = AgentLoggerProvider.CreateFactory(config))
            AgentLog.OutputsDrained(factory.CreateLogger("test"), 7);

        byte[] buffer = new byte[4096];
        string message = Encoding.UTF8.GetString(buffer, 0, server.Receive(buffer));
        // daemon facility (3) * 8 + informational (6) = 30.
        Assert.StartsWith("<30>1 ", message, StringComparison.Ordinal);
        Assert.EndsWith("outputs drained: 7 alerts written during shutdown", message, StringComparison.Ordinal);
    }

    [Fact]
    public void RedactorHidesCredentialsAndQueries()
    {
        Assert.Equal("https://***@sidekick:2801/alerts?***", SecretRedactor.RedactUrl("https://user:pass@sidekick:2801/alerts?token=abc"));
        Assert.Equal("http://sidekick:2801/", SecretRedactor.RedactUrl("http://sidekick:2801/"));
        Assert.Equal("not a url?***", SecretRedactor.RedactUrl("not a url?secret"));
    }
}
