using Kite.Agent.Fields;

namespace Kite.Agent.Capture;

/// <summary>Receives each event with its state, on the capture thread (rule evaluation, printing).</summary>
internal interface IEventContextHandler
{
    void OnEvent(scoped in EventContext context);

    /// <summary>After each drained batch (flush buffered output here).</summary>
    void OnBatchEnd()
    {
    }
}
