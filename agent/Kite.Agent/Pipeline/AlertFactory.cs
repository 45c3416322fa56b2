using Kite.Protocol.Alerts;
using Kite.Rules.Evaluation;
using Kite.Rules.Output;

namespace Kite.Agent.Pipeline;

/// <summary>
/// Turns a rule match into the Falco-shaped <see cref="Alert"/> every output receives.
/// Runs only when a rule matched, so it may allocate.
/// </summary>
internal sealed class AlertFactory(string hostname)
{
    public string Hostname { get; } = hostname;

    public Alert Create(CompiledRule rule, RuleOutput output, long timeUnixNanos)
    {
        var fields = new AlertField[output.Fields.Count];
        for (int i = 0; i < fields.Length; i++)
        {
            OutputField f = output.Fields[i];
            fields[i] = new AlertField(f.Name, Convert(f.Value));
        }
        return new Alert
        {
            Rule = rule.Name,
            Priority = (AlertPriority)(int)rule.Priority,
            Output = output.Message,
            TimeUnixNanos = timeUnixNanos,
            Source = rule.Source,
            Tags = [.. rule.Tags],
            Hostname = Hostname,
            OutputFields = fields,
        };
    }

    internal static AlertFieldValue Convert(OutputValue value) => value.Kind switch
    {
        OutputValueKind.String => AlertFieldValue.FromString(value.AsString),
        OutputValueKind.Int64 => AlertFieldValue.FromInt64(value.AsInt64),
        OutputValueKind.UInt64 => AlertFieldValue.FromUInt64(value.AsUInt64),
        OutputValueKind.Double => AlertFieldValue.FromDouble(value.AsDouble),
        OutputValueKind.Bool => AlertFieldValue.FromBool(value.AsBool),
        OutputValueKind.List => AlertFieldValue.FromList(value.AsList),
        _ => AlertFieldValue.Null,
    };
}
