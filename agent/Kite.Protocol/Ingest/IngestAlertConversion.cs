using Kite.Protocol.Alerts;
using AlertMessage = Kite.Protocol.Ingest.Alert;
using KiteAlert = Kite.Protocol.Alerts.Alert;

namespace Kite.Protocol.Ingest;

/// <summary>Kite's alert to and from the `kite.v1.Alert` message; lossless, field types included.</summary>
public static class IngestAlertConversion
{
    public static AlertMessage ToMessage(KiteAlert alert)
    {
        var message = new AlertMessage
        {
            Time = AlertTime.ToTimestamp(alert.TimeUnixNanos),
            Priority = (Priority)((int)alert.Priority + 1),
            Rule = alert.Rule,
            Output = alert.Output,
            Source = alert.Source,
            Hostname = alert.Hostname,
            Uuid = alert.Uuid is Guid uuid ? uuid.ToString("D") : "",
        };
        message.Tags.Add(alert.Tags);
        foreach (AlertField field in alert.OutputFields)
        {
            var f = new OutputField { Name = field.Name };
            switch (field.Value.Kind)
            {
                case AlertFieldKind.String: f.StringValue = field.Value.AsString; break;
                case AlertFieldKind.Int64: f.Int64Value = field.Value.AsInt64; break;
                case AlertFieldKind.UInt64: f.Uint64Value = field.Value.AsUInt64; break;
                case AlertFieldKind.Double: f.DoubleValue = field.Value.AsDouble; break;
                case AlertFieldKind.Bool: f.BoolValue = field.Value.AsBool; break;
                case AlertFieldKind.StringList:
                    f.ListValue = new StringList();
                    f.ListValue.Values.Add(field.Value.AsList);
                    break;
            }
            message.OutputFields.Add(f);
        }
        return message;
    }

    /// <summary>Validates and converts a received alert; false with a one-line reason for a malformed one.</summary>
    public static bool TryFromMessage(AlertMessage message, out KiteAlert? alert, out string? error)
    {
        alert = null;
        if (message.Rule.Length == 0)
        {
            error = "alert without a rule";
            return false;
        }
        if (message.Priority is < Priority.Emergency or > Priority.Debug)
        {
            error = $"alert '{message.Rule}' has no valid priority ({(int)message.Priority})";
            return false;
        }
        if (message.Time is null || message.Time.Nanos is < 0 or > 999_999_999)
        {
            error = $"alert '{message.Rule}' has no valid time";
            return false;
        }
        Guid? uuid = null;
        if (message.Uuid.Length > 0)
        {
            if (!Guid.TryParse(message.Uuid, out Guid parsed))
            {
                error = $"alert '{message.Rule}' has an invalid uuid '{message.Uuid}'";
                return false;
            }
            uuid = parsed;
        }
        var fields = new List<AlertField>(message.OutputFields.Count);
        foreach (OutputField f in message.OutputFields)
        {
            AlertFieldValue value = f.ValueCase switch
            {
                OutputField.ValueOneofCase.StringValue => AlertFieldValue.FromString(f.StringValue),
                OutputField.ValueOneofCase.Int64Value => AlertFieldValue.FromInt64(f.Int64Value),
                OutputField.ValueOneofCase.Uint64Value => AlertFieldValue.FromUInt64(f.Uint64Value),
                OutputField.ValueOneofCase.DoubleValue => AlertFieldValue.FromDouble(f.DoubleValue),
                OutputField.ValueOneofCase.BoolValue => AlertFieldValue.FromBool(f.BoolValue),
                OutputField.ValueOneofCase.ListValue => AlertFieldValue.FromList([.. f.ListValue.Values]),
                _ => AlertFieldValue.Null,
            };
            fields.Add(new AlertField(f.Name, value));
        }
        alert = new KiteAlert
        {
            Rule = message.Rule,
            Priority = (AlertPriority)((int)message.Priority - 1),
            Output = message.Output,
            TimeUnixNanos = AlertTime.FromTimestamp(message.Time),
            Source = message.Source.Length == 0 ? "syscall" : message.Source,
            Hostname = message.Hostname,
            Tags = [.. message.Tags],
            OutputFields = fields,
            Uuid = uuid,
        };
        error = null;
        return true;
    }
}
