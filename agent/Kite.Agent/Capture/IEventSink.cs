using Kite.Agent.Events;

namespace Kite.Agent.Capture;

/// <summary>
/// Consumes decoded events on the capture thread (state update, rule evaluation, printing).
/// The event is a view into the ring: copy what must outlive the call.
/// </summary>
internal interface IEventSink
{
    void OnEvent(in RawEvent ev);

    /// <summary>Called after each drained batch, before the loop waits again (flush buffered output here).</summary>
    void OnBatchEnd()
    {
    }
}
