using Kite.Agent.Capture;
using Kite.Agent.Diagnostics;
using Kite.Agent.Events;
using Kite.Agent.Fields;
using Kite.Agent.Outputs;
using Kite.Protocol.Alerts;
using Kite.Rules.Evaluation;
using Kite.Rules.Output;

namespace Kite.Agent.Pipeline;

/// <summary>
/// The last step of the per-event path on the capture thread: evaluate the rules bucketed
/// for the event's type and hand each match to the output dispatcher without blocking.
/// Nothing here allocates unless a rule matched.
/// </summary>
internal sealed class SyscallRuleEvaluator : IEventContextHandler
{
    private readonly OutputDispatcher _dispatcher;
    private readonly AlertFactory _alerts;
    private readonly AgentMetrics _metrics;
    private readonly CompiledRule?[] _matches = new CompiledRule?[32];
    private RuleSet<EventContext> _rules;

    public SyscallRuleEvaluator(RuleSet<EventContext> rules, OutputDispatcher dispatcher, AlertFactory alerts, AgentMetrics metrics)
    {
        _rules = rules;
        _dispatcher = dispatcher;
        _alerts = alerts;
        _metrics = metrics;
    }

    /// <summary>The rule set in use; replaced by a hot reload between two events.</summary>
    public RuleSet<EventContext> Rules => Volatile.Read(ref _rules);

    /// <summary>Publishes a newly compiled rule set; the capture thread picks it up at its next event.</summary>
    public void Swap(RuleSet<EventContext> rules) => Volatile.Write(ref _rules, rules);

    public void OnEvent(scoped in EventContext context)
    {
        RuleSet<EventContext> rules = Volatile.Read(ref _rules);
        EventContext source = context;
        _metrics.RuleEvaluations.Add(rules.RulesForEventType(source.EventType));
        int count = rules.Evaluate(ref source, _matches);
        for (int i = 0; i < count; i++)
        {
            Emit(_matches[i]!, ref source);
            _matches[i] = null;
        }
    }

    private void Emit(CompiledRule rule, ref EventContext source)
    {
        RuleOutput output = rule.Output.Format(ref source);
        long time = (long)BootClock.ToEpoch(source.Event.Timestamp);
        // The dispatcher counts alerts by rule and priority, and drops (counted) when its queue is full.
        _dispatcher.TryEnqueue(_alerts.Create(rule, output, time));
    }
}
