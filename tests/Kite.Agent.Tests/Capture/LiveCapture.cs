using System.Collections.Concurrent;
using System.Text;
using Kite.Agent.Capture;
using Kite.Agent.Events;
using Kite.Agent.Fields;
using Kite.Agent.State;

namespace Kite.Agent.Tests.Capture;

/// <summary>
/// A real capture for live tests: the probe with the given event types, state seeded from /proc, the loop on
/// its thread, and every event rendered with <see cref="Fields"/> into a dictionary, kept only when
/// <see cref="Keep"/> says so (the machine is busy: tests keep their own children's events).
/// </summary>
internal sealed class LiveCapture : IDisposable, IEventContextHandler
{
    private readonly ProbeSession _probe;
    private readonly BpfRingBuffer _ring;
    private readonly CaptureLoop _loop;
    private readonly (string Name, FieldFormat Format)[] _fields;
    private readonly byte[] _buffer = new byte[EventContextScratch.BufferSize];

    public LiveCapture(Func<IReadOnlyDictionary<string, string>, bool> keep, params EventType[] types)
    {
        Keep = keep;
        _fields = [.. new[]
        {
            "evt.type", "evt.res", "evt.args", "proc.pid", "proc.ppid", "proc.name", "proc.exe", "proc.exepath", "proc.args",
            "proc.cmdline", "proc.pname", "proc.aname[2]", "proc.apid[2]", "proc.cwd", "user.name", "user.uid", "fd.num", "fd.name", "fd.typechar",
            "fd.cip", "fd.sip", "fd.cport", "fd.sport", "fd.l4proto", "fd.nameraw", "container.id",
        }.Select(f => (f, FieldFormat.Parse("%" + f, SyscallFieldCatalog.Instance)))];
        _probe = ProbeSession.Open(ringBufferBytes: 4 << 20);
        foreach (var type in types)
            _probe.SetInteresting(type, true);
        foreach (var type in new[] { EventType.Clone, EventType.Clone3, EventType.Fork, EventType.Vfork, EventType.Execve, EventType.Chdir, EventType.Close })
            _probe.SetInteresting(type, true);
        Threads = new ThreadTable();
        Threads.Proc.ScanAll(Threads);
        Processor = new SyscallEventProcessor(new StateUpdater(Threads), this);
        _ring = BpfRingBuffer.Map(_probe);
        _loop = new CaptureLoop(_ring, Processor);
        _probe.Attach();
        _loop.Start();
    }

    public Func<IReadOnlyDictionary<string, string>, bool> Keep { get; }

    public ThreadTable Threads { get; }

    public SyscallEventProcessor Processor { get; }

    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Events { get; } = new();

    public void OnEvent(scoped in EventContext context)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, format) in _fields)
            values[name] = Encoding.UTF8.GetString(_buffer, 0, format.Render(context, _buffer));
        if (Keep(values))
            Events.Enqueue(values);
    }

    /// <summary>Waits until an event matching <paramref name="match"/> was captured (or the timeout passes).</summary>
    public IReadOnlyDictionary<string, string>? WaitFor(Func<IReadOnlyDictionary<string, string>, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            if (_loop.Fault is { } fault)
                throw new InvalidOperationException("the capture loop failed", fault);
            foreach (var e in Events)
            {
                if (match(e))
                    return e;
            }
            Thread.Sleep(20);
        }
        return null;
    }

    public string Describe() => string.Join("\n", Events.Take(30).Select(e => string.Join(" ", e.Select(kv => $"{kv.Key}={kv.Value}"))));

    public void Dispose()
    {
        _probe.Detach();
        _loop.Dispose();
        _ring.Dispose();
        _probe.Dispose();
    }
}
