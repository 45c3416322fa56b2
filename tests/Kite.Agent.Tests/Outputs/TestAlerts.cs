using Kite.Protocol.Alerts;

namespace Kite.Agent.Tests.Outputs;

/// <summary>Alerts for output tests.</summary>
internal static class TestAlerts
{
    /// <summary>2026-11-21T23:01:02.123456789Z.</summary>
    public const long Time = 1_795_302_062_123_456_789;

    public static Alert Make(string rule = "Read sensitive file untrusted", string output = "Sensitive file opened | file=/etc/shadow", AlertPriority priority = AlertPriority.Warning, int n = 0) => new()
    {
        Rule = rule,
        Priority = priority,
        Output = n == 0 ? output : $"{output} n={n}",
        TimeUnixNanos = Time + n,
        Hostname = "node-1",
        Tags = ["mitre_credential_access", "filesystem", "T1555", "filesystem"],
        OutputFields =
        [
            new AlertField("fd.name", AlertFieldValue.FromString("/etc/shadow")),
            new AlertField("proc.tty", AlertFieldValue.FromInt64(34816)),
            new AlertField("container.image.tag", AlertFieldValue.Null),
            new AlertField("n", AlertFieldValue.FromInt64(n)),
        ],
    };
}
