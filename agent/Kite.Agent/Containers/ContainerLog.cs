using Microsoft.Extensions.Logging;

namespace Kite.Agent.Containers;

/// <summary>The container resolver's log lines: only transitions, never per event or per lookup.</summary>
internal static partial class ContainerLog
{
    [LoggerMessage(700, LogLevel.Information, "containers: {Runtime} reachable (version {Version})", EventName = "ContainerRuntimeReachable")]
    public static partial void RuntimeReachable(ILogger logger, string runtime, string version);

    [LoggerMessage(701, LogLevel.Information, "containers: {Runtime} not reachable at start ({Reason}); container fields stay <NA> for its containers until it answers", EventName = "ContainerRuntimeAbsent")]
    public static partial void RuntimeAbsentAtStart(ILogger logger, string runtime, string reason);

    [LoggerMessage(702, LogLevel.Warning, "containers: {Runtime} unreachable ({Reason}); container fields are <NA> until it answers, retrying with backoff", EventName = "ContainerRuntimeUnreachable")]
    public static partial void RuntimeUnreachable(ILogger logger, string runtime, string reason);

    [LoggerMessage(703, LogLevel.Information, "containers: {Runtime} reachable again (version {Version}); resuming lookups", EventName = "ContainerRuntimeBack")]
    public static partial void RuntimeBack(ILogger logger, string runtime, string version);

    [LoggerMessage(704, LogLevel.Warning, "containers: lookup of {ContainerId} failed: {Error}", EventName = "ContainerLookupError")]
    public static partial void LookupError(ILogger logger, string containerId, string error);

    // Highest id used in this file: 704.
}
