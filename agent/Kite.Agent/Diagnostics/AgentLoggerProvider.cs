using System.Globalization;
using Kite.Agent.Outputs;
using Microsoft.Extensions.Logging;

namespace Kite.Agent.Diagnostics;

/// <summary>
/// Writes Kite's own log lines (not alerts) to stderr (log_stderr) and/or the local syslog socket
/// (log_syslog), one line each: `&lt;time&gt; &lt;level&gt; &lt;message&gt;`.
/// </summary>
internal sealed class AgentLoggerProvider : ILoggerProvider
{
    private readonly TextWriter? _stderr;
    private readonly SyslogSocket? _syslog;
    private readonly bool _iso8601;
    private readonly Lock _lock = new();

    public AgentLoggerProvider(TextWriter? stderr, SyslogSocket? syslog, bool iso8601)
    {
        _stderr = stderr;
        _syslog = syslog;
        _iso8601 = iso8601;
    }

    /// <summary>The agent's logger factory for a configuration (log_level, log_stderr, log_syslog, time_format_iso_8601).</summary>
    public static ILoggerFactory CreateFactory(Configuration.AgentConfig config, TextWriter? stderr = null)
    {
        SyslogSocket? syslog = config.Logging.Syslog ? new SyslogSocket(config.SyslogOutput.SocketPath, facility: 3 /* daemon */, SyslogSocket.DefaultHostname()) : null;
        var provider = new AgentLoggerProvider(config.Logging.Stderr ? stderr ?? Console.Error : null, syslog, config.Format.TimeIso8601);
        // ASP.NET Core logs every request at Information; only its warnings concern an operator.
        LogLevel frameworkLevel = config.Logging.Level > LogLevel.Warning ? config.Logging.Level : LogLevel.Warning;
        return LoggerFactory.Create(b => b
            .SetMinimumLevel(config.Logging.Level)
            .AddFilter("Microsoft", frameworkLevel)
            .AddProvider(provider));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose() => _syslog?.Dispose();

    private void Write(LogLevel level, string message)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        string time = _iso8601
            ? now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
            : now.ToLocalTime().ToString("ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture);
        // One line per message, whatever the message holds: operators grep logs.
        string line = message.ReplaceLineEndings(" ");
        if (_stderr is not null)
        {
            lock (_lock)
            {
                _stderr.Write($"{time}: {LevelName(level)} {line}\n");
                _stderr.Flush();
            }
        }
        _syslog?.TrySend(SyslogSeverity(level), now.ToUnixTimeMilliseconds() * 1_000_000, line);
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warning",
        LogLevel.Error => "error",
        _ => "critical",
    };

    private static int SyslogSeverity(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => 7,
        LogLevel.Information => 6,
        LogLevel.Warning => 4,
        LogLevel.Error => 3,
        _ => 2,
    };

    private sealed class Logger(AgentLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            string message = formatter(state, exception);
            if (exception is not null)
                message += $" ({exception.GetType().Name}: {exception.Message})";
            provider.Write(logLevel, message);
        }
    }
}
