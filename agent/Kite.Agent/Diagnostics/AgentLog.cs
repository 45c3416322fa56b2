using Microsoft.Extensions.Logging;

namespace Kite.Agent.Diagnostics;

/// <summary>
/// Kite's log messages, source-generated ([LoggerMessage]) so a disabled level costs a branch.
/// Event ids are stable (operators alert on them) and grouped per partial: 1xx capture, 2xx rules,
/// 3xx outputs (AgentLog.Outputs.cs), 4xx webserver and health (AgentLog.Web.cs), 5xx configuration.
/// Never log per event; count instead. Never log secrets: URLs go through <see cref="SecretRedactor"/>.
/// </summary>
internal static partial class AgentLog
{
    [LoggerMessage(500, LogLevel.Warning, "config: {Warning}", EventName = "ConfigWarning")]
    public static partial void ConfigWarning(ILogger logger, string warning);

    [LoggerMessage(501, LogLevel.Information, "configuration loaded from {Source}", EventName = "ConfigLoaded")]
    public static partial void ConfigLoaded(ILogger logger, string source);

    // Highest id used in this file: 501.
}
