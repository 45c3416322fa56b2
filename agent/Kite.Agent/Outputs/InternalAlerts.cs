using System.Globalization;
using Kite.Protocol.Alerts;

namespace Kite.Agent.Outputs;

/// <summary>Kite's own alerts (source `internal`), shaped like Falco's internal alerts.</summary>
internal static class InternalAlerts
{
    public const string Source = "internal";

    public const string ThrottledRule = "Kite internal: alerts rate limited";

    public const string SyscallDropRule = "Kite internal: syscall event drop";

    public static Alert RuleThrottled(string rule, long suppressed, TimeSpan window, long unixNanos, string hostname) => new()
    {
        Rule = ThrottledRule,
        Priority = AlertPriority.Warning,
        Output = string.Create(CultureInfo.InvariantCulture, $"Kite internal: rule '{rule}' suppressed {suppressed} times in the last {FormatWindow(window)} by the outputs rate limit"),
        TimeUnixNanos = unixNanos,
        Source = Source,
        Hostname = hostname,
        OutputFields =
        [
            new AlertField("kite.rule", AlertFieldValue.FromString(rule)),
            new AlertField("kite.suppressed", AlertFieldValue.FromInt64(suppressed)),
            new AlertField("kite.window_seconds", AlertFieldValue.FromInt64((long)window.TotalSeconds)),
        ],
    };

    public static Alert SyscallDrop(in KernelDropSample sample, long unixNanos, string hostname) => new()
    {
        Rule = SyscallDropRule,
        Priority = AlertPriority.Critical,
        Output = string.Create(CultureInfo.InvariantCulture, $"Kite internal: syscall event drop. {sample.TotalDrops} system calls dropped in last second."),
        TimeUnixNanos = unixNanos,
        Source = Source,
        Hostname = hostname,
        OutputFields =
        [
            new AlertField("n_evts", AlertFieldValue.FromInt64(sample.Events)),
            new AlertField("n_drops", AlertFieldValue.FromInt64(sample.TotalDrops)),
            new AlertField("n_drops_buffer", AlertFieldValue.FromInt64(sample.DropsBufferFull)),
            new AlertField("n_drops_other", AlertFieldValue.FromInt64(sample.DropsOther)),
            new AlertField("n_drops_perc", AlertFieldValue.FromDouble(Math.Round(sample.DropRatio * 100, 4))),
        ],
    };

    private static string FormatWindow(TimeSpan window) =>
        window == TimeSpan.FromMinutes(1) ? "minute" : string.Create(CultureInfo.InvariantCulture, $"{(long)window.TotalSeconds} s");
}
