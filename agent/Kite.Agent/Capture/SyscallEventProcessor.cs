using Kite.Agent.Events;
using Kite.Agent.Fields;
using Kite.Agent.State;

namespace Kite.Agent.Capture;

/// <summary>
/// The per-event path after decoding: apply the event to state, build its <see cref="EventContext"/>, hand it on.
/// Plug it into a <see cref="CaptureLoop"/> as its sink. Allocation-free in steady state.
/// </summary>
internal sealed class SyscallEventProcessor : IEventSink
{
    private readonly IEventContextHandler _handler;

    public SyscallEventProcessor(StateUpdater state, IEventContextHandler handler)
    {
        State = state;
        Scratch = new EventContextScratch(state);
        _handler = handler;
    }

    public StateUpdater State { get; }

    public EventContextScratch Scratch { get; }

    public void OnEvent(in RawEvent ev)
    {
        State.Apply(ev);
        var context = new EventContext(ev, Scratch);
        _handler.OnEvent(context);
    }

    public void OnBatchEnd() => _handler.OnBatchEnd();
}
