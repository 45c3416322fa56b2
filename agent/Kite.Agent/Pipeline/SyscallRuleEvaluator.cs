using System.Text;
using Kite.Agent.Capture;
using Kite.Agent.Containers;
using Kite.Agent.Diagnostics;
using Kite.Agent.Events;
using Kite.Agent.Fields;
using Kite.Agent.Outputs;
using Kite.Protocol.Alerts;
using Kite.Rules.Evaluation;
using Kite.Rules.Fields;
using Kite.Rules.Output;

namespace Kite.Agent.Pipeline;

/// <summary>
/// The last step of the per-event path on the capture thread: evaluate the rules bucketed
/// for the event's type and hand each match to the output dispatcher without blocking.
/// Nothing here allocates unless a rule matched.
/// </summary>
/// <remarks>
/// The first alert of a container seen moments ago is held (off the capture thread, for at most
/// the first-alert wait) until the runtime lookup fills its pod and image, then its container
/// fields are rendered again: an analyst's first alert of a new pod should name the pod.
/// </remarks>
internal sealed class SyscallRuleEvaluator : IEventContextHandler
{
    private readonly OutputDispatcher _dispatcher;
    private readonly AlertFactory _alerts;
    private readonly AgentMetrics _metrics;
    private readonly ContainerCache? _containers;
    private readonly TimeSpan _firstAlertWait;
    private readonly CompiledRule?[] _matches = new CompiledRule?[32];
    private RuleSet<EventContext> _rules;
    private int _held;

    public SyscallRuleEvaluator(RuleSet<EventContext> rules, OutputDispatcher dispatcher, AlertFactory alerts, AgentMetrics metrics,
        ContainerCache? containers = null, TimeSpan firstAlertWait = default)
    {
        _rules = rules;
        _dispatcher = dispatcher;
        _alerts = alerts;
        _metrics = metrics;
        _containers = containers;
        _firstAlertWait = firstAlertWait;
    }

    /// <summary>The rule set in use; replaced by a hot reload between two events.</summary>
    public RuleSet<EventContext> Rules => Volatile.Read(ref _rules);

    /// <summary>Alerts waiting for their container's metadata.</summary>
    public int HeldAlerts => Volatile.Read(ref _held);

    /// <summary>Publishes a newly compiled rule set; the capture thread picks it up at its next event.</summary>
    public void Swap(RuleSet<EventContext> rules) => Volatile.Write(ref _rules, rules);

    public void OnEvent(scoped in EventContext context)
    {
        RuleSet<EventContext> rules = Volatile.Read(ref _rules);
        EventContext source = context;
        _metrics.EventsByType.IncrementSingleWriter(source.EventType);
        _metrics.RuleEvaluations.Add(rules.RulesForEventType(source.EventType));
        int count = rules.Evaluate(ref source, _matches);
        for (int i = 0; i < count; i++)
        {
            Emit(_matches[i]!, ref source);
            _matches[i] = null;
        }
    }

    /// <summary>Waits (bounded) until no alert is held any more, so shutdown drains them too.</summary>
    public async Task WaitForHeldAlertsAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (HeldAlerts > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(10).ConfigureAwait(false);
    }

    private void Emit(CompiledRule rule, ref EventContext source)
    {
        RuleOutput output = rule.Output.Format(ref source);
        long time = (long)BootClock.ToEpoch(source.Event.Timestamp);
        ContainerInfo? container = source.Thread?.Process.Container;
        if (_containers is not null && container is not null && _firstAlertWait > TimeSpan.Zero
            && ContainerCache.ShouldHoldFirstAlert(container, _firstAlertWait))
        {
            Interlocked.Increment(ref _held);
            _ = HoldThenEnqueueAsync(rule, output, time, container);
            return;
        }
        // The dispatcher counts alerts by rule and priority, and drops (counted) when its queue is full.
        _dispatcher.TryEnqueue(_alerts.Create(rule, output, time));
    }

    private async Task HoldThenEnqueueAsync(CompiledRule rule, RuleOutput output, long time, ContainerInfo container)
    {
        try
        {
            await _containers!.HoldFirstAlertAsync(container, _firstAlertWait).ConfigureAwait(false);
            output = rule.Output.Rerender(output, key => ContainerValue(container, key));
        }
        catch (Exception e) when (e is OperationCanceledException or ArgumentException)
        {
            // The alert goes out as first rendered: late metadata must never cost an alert.
        }
        finally
        {
            _dispatcher.TryEnqueue(_alerts.Create(rule, output, time));
            Interlocked.Decrement(ref _held);
        }
    }

    /// <summary>The current value of a container.* / k8s.* placeholder, or null for any other placeholder.</summary>
    internal static OutputValue? ContainerValue(ContainerInfo container, string key)
    {
        if (key.Contains('[', StringComparison.Ordinal) || !SyscallFieldCatalog.Instance.TryGetField(key, out FieldDescriptor descriptor))
            return null;
        var field = (SyscallField)descriptor.Id.Value;
        if (!ContainerFieldSource.Handles(field))
            return null;
        switch (descriptor.Type)
        {
            case FieldType.Bool:
                return ContainerFieldSource.TryGetBool(container, field, out bool b) ? OutputValue.FromBool(b) : OutputValue.Missing;
            case FieldType.UInt64 or FieldType.AbsTime or FieldType.RelTime:
                return ContainerFieldSource.TryGetUInt64(container, field, out ulong u) ? OutputValue.FromUInt64(u) : OutputValue.Missing;
            default:
                return ContainerFieldSource.TryGetString(container, field, default, out ReadOnlySpan<byte> s)
                    ? OutputValue.FromString(Encoding.UTF8.GetString(s)) : OutputValue.Missing;
        }
    }
}
