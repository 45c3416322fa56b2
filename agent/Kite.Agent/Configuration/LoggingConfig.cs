using Microsoft.Extensions.Logging;

namespace Kite.Agent.Configuration;

/// <summary>`log_stderr`, `log_syslog`, `log_level`: where Kite's own log lines go (never alerts).</summary>
internal sealed record LoggingConfig
{
    public bool Stderr { get; init; } = true;

    public bool Syslog { get; init; }

    public LogLevel Level { get; init; } = LogLevel.Information;
}
