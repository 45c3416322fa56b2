using Google.Protobuf;
using Kite.Protocol.Alerts;
using Kite.Protocol.Falco;
using Kite.Protocol.Ingest;
using Alert = Kite.Protocol.Alerts.Alert;

namespace Kite.Agent.Tests.Grpc;

public sealed class AlertConversionTests
{
    [Fact]
    public void IngestMessageRoundTripKeepsEveryFieldAndType()
    {
        Alert alert = SampleAlerts.Create(3);
        var bytes = IngestAlertConversion.ToMessage(alert).ToByteArray();
        Assert.True(IngestAlertConversion.TryFromMessage(Kite.Protocol.Ingest.Alert.Parser.ParseFrom(bytes), out Alert? back, out string? error), error);
        Assert.Equal(AlertJson.ToJson(alert), AlertJson.ToJson(back!));
        Assert.Equal(alert.OutputFields, back!.OutputFields);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(0L)]
    [InlineData(999_999_999L)]
    [InlineData(-1_500_000_001L)]
    public void TimestampsKeepNanosecondsIncludingBeforeTheEpoch(long nanos)
    {
        var ts = AlertTime.ToTimestamp(nanos);
        Assert.InRange(ts.Nanos, 0, 999_999_999);
        Assert.Equal(nanos, AlertTime.FromTimestamp(ts));
    }

    [Fact]
    public void MessageWithoutPriorityIsRejectedWithAReason()
    {
        var message = IngestAlertConversion.ToMessage(SampleAlerts.Create(1));
        message.Priority = Priority.Unspecified;
        Assert.False(IngestAlertConversion.TryFromMessage(message, out _, out string? error));
        Assert.Contains("priority", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MessageWithoutTimeOrRuleIsRejected()
    {
        var noTime = IngestAlertConversion.ToMessage(SampleAlerts.Create(1));
        noTime.Time = null;
        Assert.False(IngestAlertConversion.TryFromMessage(noTime, out _, out _));
        var noRule = IngestAlertConversion.ToMessage(SampleAlerts.Create(1));
        noRule.Rule = "";
        Assert.False(IngestAlertConversion.TryFromMessage(noRule, out _, out _));
    }

    [Theory]
    [InlineData(AlertPriority.Emergency, priority.Emergency)]
    [InlineData(AlertPriority.Warning, priority.Warning)]
    [InlineData(AlertPriority.Informational, priority.Informational)]
    [InlineData(AlertPriority.Debug, priority.Debug)]
    public void FalcoResponseUsesFalcoPriorityNumbers(AlertPriority kite, priority falco)
    {
        Alert alert = SampleAlerts.Create(1);
        var response = FalcoOutputConversion.ToResponse(new Alert { Rule = alert.Rule, Priority = kite, Output = alert.Output, TimeUnixNanos = alert.TimeUnixNanos });
        Assert.Equal(falco, response.Priority);
    }

    [Fact]
    public void FalcoResponseCarriesFieldsAsFalcoPrintsThem()
    {
        response r = FalcoOutputConversion.ToResponse(SampleAlerts.Create(5));
        Assert.Equal("1005", r.OutputFields["proc.pid"]);
        Assert.Equal("18446744073709551615", r.OutputFields["evt.rawres"]);
        Assert.Equal("true", r.OutputFields["proc.is_exe_writable"]);
        Assert.Equal("<NA>", r.OutputFields["container.id"]);
        Assert.Equal(source.Syscall, r.Source);
        Assert.Equal(["T1059", "container"], r.Tags);
    }

    [Theory]
    [InlineData("syscall", source.Syscall)]
    [InlineData("k8s_audit", source.K8SAudit)]
    [InlineData("internal", source.Internal)]
    public void KnownSourcesRoundTripThroughFalcoResponse(string name, source expected)
    {
        var alert = new Alert { Rule = "r", Priority = AlertPriority.Notice, Output = "o", TimeUnixNanos = 1, Source = name };
        response r = FalcoOutputConversion.ToResponse(alert);
        Assert.Equal(expected, r.Source);
        Assert.Equal(name, FalcoOutputConversion.FromResponse(r).Source);
    }

    [Fact]
    public void PluginSourceTravelsAsInternalWithItsNameInEvtSource()
    {
        var alert = new Alert { Rule = "r", Priority = AlertPriority.Notice, Output = "o", TimeUnixNanos = 1, Source = "aws_cloudtrail" };
        response r = FalcoOutputConversion.ToResponse(alert);
        Assert.Equal(source.Internal, r.Source);
        Assert.Equal("aws_cloudtrail", r.OutputFields["evt.source"]);
        Assert.Equal("aws_cloudtrail", FalcoOutputConversion.FromResponse(r).Source);
    }
}
