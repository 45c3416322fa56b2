using System.Text;
using Kite.Agent.Events;
using Kite.Agent.Fields;
using Kite.Agent.State;
using Kite.Agent.Tests.Events;
using Kite.Agent.Tests.State;

namespace Kite.Agent.Tests.Fields;

/// <summary>Applies EventBuilder records to a <see cref="StateFixture"/> and reads fields of the last one by name.</summary>
internal sealed class EventContextFixture
{
    private byte[] _record = [];

    public EventContextFixture()
    {
        State = new StateFixture();
        Scratch = new EventContextScratch(State.Updater);
    }

    public StateFixture State { get; }

    public EventContextScratch Scratch { get; }

    public EventBuilder Event(EventType type, int tid = StateFixture.Pid, int pid = StateFixture.Pid) => State.Event(type, tid, pid);

    /// <summary>Applies the record and keeps it as "the current event".</summary>
    public EventContextFixture Apply(EventBuilder builder)
    {
        _record = builder.Build();
        Assert.Equal(RawEventStatus.Ok, RawEvent.TryRead(_record, out var ev));
        State.Updater.Apply(ev);
        return this;
    }

    /// <summary>A context over the current event (the last applied record).</summary>
    public EventContext Context()
    {
        RawEvent.TryRead(_record, out var ev);
        return new EventContext(ev, Scratch);
    }

    /// <summary>The field rendered as `kite capture -p` renders it; "&lt;NA&gt;" when missing.</summary>
    public string Field(string template)
    {
        var format = FieldFormat.Parse("%" + template, SyscallFieldCatalog.Instance);
        RawEvent.TryRead(_record, out var ev);
        var context = new EventContext(ev, Scratch);
        var buffer = new byte[EventContextScratch.BufferSize];
        int n = format.Render(context, buffer);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }
}
