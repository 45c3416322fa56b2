using Microsoft.Extensions.Logging;

namespace Kite.Agent.Diagnostics;

internal static partial class AgentLog
{
    [LoggerMessage(300, LogLevel.Warning, "outputs queue full: {Dropped} alerts dropped in the last {Seconds} s (outputs_queue.capacity={Capacity})", EventName = "OutputsQueueFull")]
    public static partial void OutputsQueueFull(ILogger logger, long dropped, int seconds, int capacity);

    [LoggerMessage(301, LogLevel.Warning, "output {Output}: queue full, {Dropped} alerts dropped in the last {Seconds} s (kite.output_queue_capacity={Capacity})", EventName = "OutputQueueFull")]
    public static partial void OutputQueueFull(ILogger logger, string output, long dropped, int seconds, int capacity);

    [LoggerMessage(302, LogLevel.Error, "output {Output}: failed to deliver an alert: {Reason} ({Failures} failures in the last {Seconds} s)", EventName = "OutputFailed")]
    public static partial void OutputFailed(ILogger logger, string output, string reason, long failures, int seconds);

    [LoggerMessage(303, LogLevel.Information, "output {Output}: reopened", EventName = "OutputReopened")]
    public static partial void OutputReopened(ILogger logger, string output);

    [LoggerMessage(304, LogLevel.Warning, "output {Output}: attempt {Attempt} failed ({Reason}); retrying in {DelayMs} ms", EventName = "OutputRetrying")]
    public static partial void OutputRetrying(ILogger logger, string output, int attempt, string reason, int delayMs);

    [LoggerMessage(305, LogLevel.Warning, "program output exited (code {ExitCode}); restarting it", EventName = "ProgramRestarting")]
    public static partial void ProgramRestarting(ILogger logger, int exitCode);

    [LoggerMessage(306, LogLevel.Warning, "rate limit: rule '{Rule}' suppressed {Count} times in the last {Seconds} s", EventName = "RuleThrottled")]
    public static partial void RuleThrottled(ILogger logger, string rule, long count, int seconds);

    [LoggerMessage(307, LogLevel.Information, "outputs drained: {Written} alerts written during shutdown", EventName = "OutputsDrained")]
    public static partial void OutputsDrained(ILogger logger, long written);

    [LoggerMessage(308, LogLevel.Error, "outputs did not drain within {TimeoutMs} ms; {Lost} queued alerts were not written", EventName = "OutputsDrainTimeout")]
    public static partial void OutputsDrainTimeout(ILogger logger, int timeoutMs, long lost);

    [LoggerMessage(309, LogLevel.Critical, "{Message}", EventName = "SyscallEventDrop")]
    public static partial void SyscallEventDrop(ILogger logger, string message);

    [LoggerMessage(310, LogLevel.Information, "http output: {Url} answered: {Body}", EventName = "HttpOutputEcho")]
    public static partial void HttpOutputEcho(ILogger logger, string url, string body);

    [LoggerMessage(311, LogLevel.Information, "outputs: {Outputs}", EventName = "OutputsEnabled")]
    public static partial void OutputsEnabled(ILogger logger, string outputs);

    // Highest id used in this file: 311.
}
