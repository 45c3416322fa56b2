using System.Text.Json;
using Kite.Protocol.Alerts;

namespace Kite.Agent.Tests.Protocol;

public sealed class AlertJsonTests
{
    private static Alert Sample() => new()
    {
        Rule = "Read sensitive file untrusted",
        Priority = AlertPriority.Warning,
        Output = "Sensitive file opened for reading (file=/etc/shadow)",
        TimeUnixNanos = 1_763_766_062_123_456_789,
        Hostname = "node-1",
        Tags = ["filesystem", "mitre_credential_access"],
        OutputFields =
        [
            new("fd.name", AlertFieldValue.FromString("/etc/shadow")),
            new("evt.time", AlertFieldValue.FromInt64(1_763_766_062_123_456_789)),
            new("proc.tty", AlertFieldValue.FromInt64(0)),
            new("container.name", AlertFieldValue.Null),
            new("evt.is_open_read", AlertFieldValue.FromBool(true)),
            new("ka.req.pod.containers.image", AlertFieldValue.FromList(["nginx:1.25", "busybox"])),
        ],
    };

    [Fact]
    public void JsonHasFalcoShapeWithTypedOutputFields()
    {
        using var doc = JsonDocument.Parse(AlertJson.ToJson(Sample()));
        JsonElement root = doc.RootElement;

        Assert.Equal("Warning", root.GetProperty("priority").GetString());
        Assert.Equal("Read sensitive file untrusted", root.GetProperty("rule").GetString());
        Assert.Equal("2025-11-21T23:01:02.123456789Z", root.GetProperty("time").GetString());
        Assert.Equal("syscall", root.GetProperty("source").GetString());
        Assert.Equal("node-1", root.GetProperty("hostname").GetString());
        JsonElement fields = root.GetProperty("output_fields");
        Assert.Equal(JsonValueKind.Number, fields.GetProperty("evt.time").ValueKind);
        Assert.Equal(1_763_766_062_123_456_789, fields.GetProperty("evt.time").GetInt64());
        Assert.Equal(JsonValueKind.Null, fields.GetProperty("container.name").ValueKind);
        Assert.Equal(JsonValueKind.True, fields.GetProperty("evt.is_open_read").ValueKind);
        Assert.Equal(["nginx:1.25", "busybox"], fields.GetProperty("ka.req.pod.containers.image").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["filesystem", "mitre_credential_access"], root.GetProperty("tags").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void ParsedAlertRoundTripsEveryProperty()
    {
        Alert original = Sample();

        Assert.True(AlertJson.TryParse(AlertJson.ToUtf8(original), out Alert? parsed, out string? error), error);

        Assert.Equal(original.Rule, parsed!.Rule);
        Assert.Equal(original.Priority, parsed.Priority);
        Assert.Equal(original.TimeUnixNanos, parsed.TimeUnixNanos);
        Assert.Equal(original.Output, parsed.Output);
        Assert.Equal(original.Tags, parsed.Tags);
        Assert.Equal(original.OutputFields, parsed.OutputFields);
    }

    [Theory]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{\"priority\":\"Warning\",\"time\":\"2025-01-01T00:00:00Z\"}", "missing \"rule\"")]
    [InlineData("{\"rule\":\"r\",\"priority\":\"Severe\",\"time\":\"2025-01-01T00:00:00Z\"}", "unknown priority")]
    [InlineData("{\"rule\":\"r\",\"priority\":\"Warning\",\"time\":\"yesterday\"}", "RFC 3339")]
    [InlineData("{\"rule\":\"r\",\"priority\":\"Warning\",\"time\":\"2025-01-01T00:00:00Z\",\"output_fields\":[]}", "must be an object")]
    [InlineData("{\"rule\":", "invalid JSON")]
    public void MalformedAlertsAreRejectedWithAReason(string json, string reason)
    {
        Assert.False(AlertJson.TryParse(System.Text.Encoding.UTF8.GetBytes(json), out _, out string? error));
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData(0L, "1970-01-01T00:00:00.000000000Z")]
    [InlineData(1_000_000_001L, "1970-01-01T00:00:01.000000001Z")]
    public void TimeHasNineFractionalDigits(long nanos, string expected)
    {
        Assert.Equal(expected, AlertJson.FormatTime(nanos));
        Assert.True(AlertJson.TryParseTime(expected, out long back));
        Assert.Equal(nanos, back);
    }
}
