using Kite.Rules.Evaluation;

namespace Kite.Agent.Audit;

/// <summary>
/// The <see cref="IAuditEventSink"/> that runs the k8s_audit rules: evaluates each accepted event against
/// the current rule set and reports every match (already formatted) to a callback, which turns it into
/// an alert for the outputs.
/// </summary>
/// <remarks>
/// The webhook calls <see cref="Accept"/> from concurrent requests, and a compiled rule set keeps
/// per-node scratch state, so evaluation is serialized; audit traffic (tens to hundreds of events per
/// second) is far below what one thread evaluates. <see cref="Replace"/> swaps the rule set for a reload.
/// </remarks>
internal sealed class AuditRuleSink : IAuditEventSink
{
    private readonly Action<AuditRuleMatch> _onMatch;
    private readonly Lock _lock = new();
    private RuleSet<AuditFieldSource> _rules;
    private CompiledRule?[] _matches;

    public AuditRuleSink(RuleSet<AuditFieldSource> rules, Action<AuditRuleMatch> onMatch)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(onMatch);
        _onMatch = onMatch;
        _rules = rules;
        _matches = new CompiledRule?[Math.Max(1, rules.Rules.Count)];
    }

    /// <summary>Uses <paramref name="rules"/> for the next events (rule reload).</summary>
    public void Replace(RuleSet<AuditFieldSource> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        lock (_lock)
        {
            _rules = rules;
            _matches = new CompiledRule?[Math.Max(1, rules.Rules.Count)];
        }
    }

    public void Accept(AuditEvent auditEvent)
    {
        lock (_lock)
        {
            var source = new AuditFieldSource(auditEvent);
            int count = _rules.Evaluate(ref source, _matches);
            for (int i = 0; i < count; i++)
            {
                CompiledRule rule = _matches[i]!;
                _onMatch(new AuditRuleMatch(rule, rule.Output.Format(ref source), auditEvent.TimestampNanos));
            }
        }
    }
}
