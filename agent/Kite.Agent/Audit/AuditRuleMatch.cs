using Kite.Rules.Evaluation;
using Kite.Rules.Output;

namespace Kite.Agent.Audit;

/// <summary>
/// A k8s_audit rule that matched an audit event: the rule, its rendered output (message and typed
/// output fields) and the event's time, in nanoseconds since the epoch. Owns no reference to the event.
/// </summary>
internal sealed record AuditRuleMatch(CompiledRule Rule, RuleOutput Output, ulong TimestampNanos);
