using Microsoft.Extensions.Logging;

namespace Kite.Agent.Diagnostics;

internal static partial class AgentLog
{
    [LoggerMessage(100, LogLevel.Information, "capture started: probe attached, {Threads} threads seeded from /proc", EventName = "CaptureStarted")]
    public static partial void CaptureStarted(ILogger logger, int threads);

    [LoggerMessage(200, LogLevel.Warning, "rules: {Warning}", EventName = "RulesWarning")]
    public static partial void RulesWarning(ILogger logger, string warning);

    [LoggerMessage(201, LogLevel.Information, "rules reloaded: {SyscallRules} syscall and {AuditRules} k8s_audit rules", EventName = "RulesReloaded")]
    public static partial void RulesReloaded(ILogger logger, int syscallRules, int auditRules);

    [LoggerMessage(202, LogLevel.Error, "reload failed, the previous rules keep running: {Reason}", EventName = "ReloadFailed")]
    public static partial void ReloadFailed(ILogger logger, string reason);

    // Highest ids used in this file: 100 (capture), 202 (rules).
}
