using Microsoft.Extensions.Logging;

namespace Kite.Agent.Diagnostics;

internal static partial class AgentLog
{
    [LoggerMessage(400, LogLevel.Information, "webserver listening on {Addresses}", EventName = "WebserverListening")]
    public static partial void WebserverListening(ILogger logger, string addresses);

    [LoggerMessage(401, LogLevel.Information, "webserver stopped", EventName = "WebserverStopped")]
    public static partial void WebserverStopped(ILogger logger);

    [LoggerMessage(402, LogLevel.Warning, "health changed to unhealthy: {Reason}", EventName = "HealthUnhealthy")]
    public static partial void HealthUnhealthy(ILogger logger, string reason);

    // Highest id used in this file: 402.
}
