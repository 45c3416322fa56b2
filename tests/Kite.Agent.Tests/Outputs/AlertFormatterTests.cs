using System.Text;
using System.Text.Json;
using Kite.Agent.Configuration;
using Kite.Agent.Outputs;
using Kite.Protocol.Alerts;

namespace Kite.Agent.Tests.Outputs;

public sealed class AlertFormatterTests
{
    private static string Format(AlertFormatConfig config, Alert alert, string hostname = "fallback-host") =>
        Encoding.UTF8.GetString(new AlertFormatter(config, hostname, TimeZoneInfo.Utc).Format(alert));

    [Fact]
    public void TextLineIsLocalTimePriorityAndOutput()
    {
        Assert.Equal("23:01:02.123456789: Warning Sensitive file opened | file=/etc/shadow", Format(new AlertFormatConfig(), TestAlerts.Make()));
    }

    [Fact]
    public void TextLineUsesLocalTimeZone()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("plus2", TimeSpan.FromHours(2), "plus2", "plus2");

        string line = Encoding.UTF8.GetString(new AlertFormatter(new AlertFormatConfig(), "h", zone).Format(TestAlerts.Make()));

        Assert.StartsWith("01:01:02.123456789: Warning ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void TextLineWithIso8601TimeIsUtcWithOffset()
    {
        Assert.Equal("2026-11-21T23:01:02.123456789+0000: Warning Sensitive file opened | file=/etc/shadow", Format(new AlertFormatConfig { TimeIso8601 = true }, TestAlerts.Make()));
    }

    [Theory]
    [InlineData("a\nb", "a\\nb")]
    [InlineData("say \"hi\"", "say \\\"hi\\\"")]
    [InlineData("c:\\temp", "c:\\\\temp")]
    [InlineData("tab\there", "tab\\there")]
    [InlineData("bell\u0007", "bell\\u0007")]
    [InlineData("naïve — ok", "naïve — ok")]
    public void TextLineIsEscapedLikeAJsonString(string output, string expected)
    {
        string line = Format(new AlertFormatConfig(), TestAlerts.Make(output: output));

        Assert.Equal($"23:01:02.123456789: Warning {expected}", line);
    }

    [Fact]
    public void LoneSurrogateBecomesReplacementCharacter()
    {
        // Built in code: attribute data cannot carry invalid UTF-16.
        string output = "lone " + (char)0xD800 + " surrogate";

        Assert.Equal("23:01:02.123456789: Warning lone \ufffd surrogate", Format(new AlertFormatConfig(), TestAlerts.Make(output: output)));
    }

    [Fact]
    public void JsonHasFalcoShapeWithSortedKeysAndParsesBack()
    {
        string json = Format(new AlertFormatConfig { Json = true }, TestAlerts.Make());

        using JsonDocument doc = JsonDocument.Parse(json);
        string[] keys = [.. doc.RootElement.EnumerateObject().Select(p => p.Name)];
        Assert.Equal(["hostname", "output", "output_fields", "priority", "rule", "source", "tags", "time"], keys);
        Assert.Equal("23:01:02.123456789: Warning Sensitive file opened | file=/etc/shadow", doc.RootElement.GetProperty("output").GetString());
        Assert.Equal("2026-11-21T23:01:02.123456789Z", doc.RootElement.GetProperty("time").GetString());
        Assert.Equal(34816, doc.RootElement.GetProperty("output_fields").GetProperty("proc.tty").GetInt64());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("output_fields").GetProperty("container.image.tag").ValueKind);
        Assert.Equal(["T1555", "filesystem", "mitre_credential_access"], doc.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray());
        Assert.Equal("node-1", doc.RootElement.GetProperty("hostname").GetString());

        Assert.True(AlertJson.TryParse(Encoding.UTF8.GetBytes(json), out Alert? parsed, out string? error), error);
        Assert.Equal("Read sensitive file untrusted", parsed!.Rule);
        Assert.Equal(AlertPriority.Warning, parsed.Priority);
        Assert.Equal(TestAlerts.Time, parsed.TimeUnixNanos);
    }

    [Fact]
    public void JsonIncludeOptionsRemoveOrAddProperties()
    {
        var config = new AlertFormatConfig { Json = true, IncludeOutput = false, IncludeOutputFields = false, IncludeTags = false, IncludeMessage = true };

        using JsonDocument doc = JsonDocument.Parse(Format(config, TestAlerts.Make()));

        string[] keys = [.. doc.RootElement.EnumerateObject().Select(p => p.Name)];
        Assert.Equal(["hostname", "message", "priority", "rule", "source", "time"], keys);
        Assert.Equal("Sensitive file opened | file=/etc/shadow", doc.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public void JsonUsesConfiguredHostnameWhenAlertHasNone()
    {
        Alert alert = TestAlerts.Make();
        alert = new Alert { Rule = alert.Rule, Priority = alert.Priority, Output = alert.Output, TimeUnixNanos = alert.TimeUnixNanos };

        using JsonDocument doc = JsonDocument.Parse(Format(new AlertFormatConfig { Json = true }, alert, "from-env"));

        Assert.Equal("from-env", doc.RootElement.GetProperty("hostname").GetString());
    }

    [Fact]
    public void JsonKeepsNonAsciiReadableAndEscapesControls()
    {
        string json = Format(new AlertFormatConfig { Json = true, IncludeOutputFields = false }, TestAlerts.Make(output: "fichier é\n<x>"));

        Assert.Contains("fichier é\\n<x>", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("KITE_HOSTNAME", "kite-node")]
    [InlineData("FALCO_HOSTNAME", "falco-node")]
    public void HostnameComesFromEnvironmentFirst(string variable, string value)
    {
        Assert.Equal(value, AgentHostname.Resolve(name => name == variable ? value : null));
    }

    [Fact]
    public void KiteHostnameWinsOverFalcoHostname()
    {
        Assert.Equal("k", AgentHostname.Resolve(name => name == "KITE_HOSTNAME" ? "k" : "f"));
    }

    [Fact]
    public void HostnameFallsBackToGethostname()
    {
        Assert.Equal(System.Net.Dns.GetHostName(), AgentHostname.Resolve(_ => null));
    }
}
