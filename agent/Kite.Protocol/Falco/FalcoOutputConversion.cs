using Google.Protobuf.WellKnownTypes;
using Kite.Protocol.Alerts;

namespace Kite.Protocol.Falco;

/// <summary>
/// Kite's alert to and from Falco's legacy `falco.outputs.response`. That message keeps output
/// fields as strings (`&lt;NA&gt;` for missing values, as Falco printed them), so converting back
/// yields string values; sources other than syscall/k8s_audit/internal travel as `internal` with
/// the real name in the `evt.source` output field when the alert does not already carry one.
/// </summary>
public static class FalcoOutputConversion
{
    public static response ToResponse(Alert alert)
    {
        var message = new response
        {
            Time = AlertTime.ToTimestamp(alert.TimeUnixNanos),
            Priority = (priority)(int)alert.Priority,
            Source = ToSource(alert.Source, out bool known),
            Rule = alert.Rule,
            Output = alert.Output,
            Hostname = alert.Hostname,
        };
        message.Tags.Add(alert.Tags);
        foreach (AlertField field in alert.OutputFields)
            message.OutputFields[field.Name] = field.Value.ToString();
        if (!known && !message.OutputFields.ContainsKey("evt.source"))
            message.OutputFields["evt.source"] = alert.Source;
        return message;
    }

    public static Alert FromResponse(response message)
    {
        var fields = new List<AlertField>(message.OutputFields.Count);
        foreach (KeyValuePair<string, string> pair in message.OutputFields)
            fields.Add(new AlertField(pair.Key, pair.Value == "<NA>" ? AlertFieldValue.Null : AlertFieldValue.FromString(pair.Value)));
        string sourceName = message.Source switch
        {
            source.K8SAudit => "k8s_audit",
            source.Internal => message.OutputFields.TryGetValue("evt.source", out string? real) ? real : "internal",
            _ => "syscall",
        };
        return new Alert
        {
            Rule = message.Rule,
            Priority = (uint)message.Priority <= (uint)AlertPriority.Debug ? (AlertPriority)(int)message.Priority : AlertPriority.Debug,
            Output = message.Output,
            TimeUnixNanos = message.Time is null ? 0 : AlertTime.FromTimestamp(message.Time),
            Source = sourceName,
            Hostname = message.Hostname,
            Tags = [.. message.Tags],
            OutputFields = fields,
        };
    }

    private static source ToSource(string name, out bool known)
    {
        known = true;
        switch (name)
        {
            case "syscall": return source.Syscall;
            case "k8s_audit": return source.K8SAudit;
            case "internal": return source.Internal;
            default:
                known = false;
                return source.Internal;
        }
    }
}
