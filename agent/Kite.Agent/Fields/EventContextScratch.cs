using Kite.Agent.Events;
using Kite.Agent.State;

namespace Kite.Agent.Fields;

/// <summary>
/// Buffers and lookup caches an <see cref="EventContext"/> renders into. One per capture thread, reused for
/// every event, so derived text (cmdline, evt.args, flag names) costs no allocation. A span a getter returns
/// from here is valid until the next getter call.
/// </summary>
internal sealed class EventContextScratch
{
    public const int BufferSize = 64 * 1024;

    // evt.arg.NAME: parameter index per event type, by the catalog's argument code, built on first use.
    private sbyte[]?[] _argIndexByCode = new sbyte[]?[64];

    public EventContextScratch(StateUpdater state) => State = state;

    public StateUpdater State { get; }

    public byte[] Buffer { get; } = new byte[BufferSize];

    /// <summary>A second buffer for values built from another rendered value (the resolved path of a failed open).</summary>
    public byte[] PathBuffer { get; } = new byte[PathResolver.MaxLength];

    public static byte[] HostName { get; } = System.Text.Encoding.UTF8.GetBytes(Environment.MachineName);

    /// <summary>Index of parameter <paramref name="name"/> in events of <paramref name="type"/> (-1 if absent); cached by <paramref name="code"/>.</summary>
    public int ArgIndex(EventType type, int code, string name)
    {
        if (code < 0)
            return EventTable.Get(type).IndexOf(name);
        if (code >= _argIndexByCode.Length)
            Array.Resize(ref _argIndexByCode, Math.Max(code + 1, _argIndexByCode.Length * 2));
        var table = _argIndexByCode[code];
        if (table is null)
        {
            table = new sbyte[EventTable.All.Count];
            foreach (var info in EventTable.All)
                table[(int)info.Type] = (sbyte)info.IndexOf(name);
            _argIndexByCode[code] = table;
        }
        return (uint)type < (uint)table.Length ? table[(int)type] : -1;
    }
}
