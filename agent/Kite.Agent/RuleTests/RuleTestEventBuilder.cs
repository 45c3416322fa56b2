using Kite.Agent.Audit;
using Kite.Agent.Fields;
using Kite.Rules.Fields;
using Kite.Rules.Fields.Synthetic;

namespace Kite.Agent.RuleTests;

/// <summary>Turns the event of a <see cref="RuleTestCase"/> into what the engine evaluates: a syscall <see cref="SyntheticEvent"/> or an <see cref="AuditEvent"/>.</summary>
internal static class RuleTestEventBuilder
{
    /// <summary>
    /// Builds the syscall event. `evt.type` selects the event type; a sequence sets every value of a
    /// multi-valued field, and for ancestor fields (`proc.aname: [bash, sshd]`, parent first) also the
    /// indexed forms (`proc.aname[1]` = bash, `proc.aname[2]` = sshd).
    /// </summary>
    public static bool TryBuildSyscallEvent(RuleTestCase testCase, out SyntheticEvent? syntheticEvent, out string? error)
    {
        var built = new SyntheticEvent(SyscallFieldCatalog.Instance);
        syntheticEvent = null;
        error = null;
        bool hasType = false;
        foreach (RuleTestField field in testCase.Fields)
        {
            try
            {
                if (field.Field == "evt.type")
                {
                    if (field.IsSequence)
                        throw new ArgumentException("evt.type takes one event type");
                    built.WithEventType(field.Values[0]);
                    hasType = true;
                }
                else if (field.IsSequence)
                {
                    built.SetValues(field.Field, [.. field.Values]);
                    if (SyscallFieldCatalog.Instance.TryGetField(field.Field, out FieldDescriptor descriptor) &&
                        descriptor.Has(FieldFlags.AnyValue) && descriptor.ArgumentKind == FieldArgumentKind.Index)
                    {
                        for (int i = 0; i < field.Values.Count; i++)
                            built.Set($"{field.Field}[{i + 1}]", field.Values[i]);
                    }
                }
                else
                {
                    built.Set(field.Field, field.Values[0]);
                }
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                error = $"{field.Location}: {field.Field}: {e.Message}";
                return false;
            }
        }
        if (!hasType)
        {
            error = $"{testCase.Location}: case '{testCase.Name}': a syscall event needs evt.type (rules are indexed by event type)";
            return false;
        }
        syntheticEvent = built;
        return true;
    }

    /// <summary>Parses the audit Event of a k8s_audit case.</summary>
    public static bool TryBuildAuditEvent(RuleTestCase testCase, out AuditEvent? auditEvent, out string? error)
    {
        auditEvent = null;
        error = null;
        try
        {
            auditEvent = AuditEvent.Parse(testCase.AuditEventJson ?? "null");
            return true;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException)
        {
            error = $"{testCase.Location}: case '{testCase.Name}': {e.Message}";
            return false;
        }
    }
}
