using System.Runtime.InteropServices;
using Kite.Agent.Events;
using Kite.Agent.Interop;
using Kite.Agent.Interop.SafeHandles;

namespace Kite.Agent.Capture;

/// <summary>Drop and emit counters read from the probe, summed over CPUs.</summary>
/// <remarks>
/// Only <see cref="DropsRingBufferFull"/> counts lost events; the others count events that were
/// sent with a flaw (an empty parameter after a read fault, a truncated parameter).
/// </remarks>
internal readonly record struct ProbeCounters(ulong EventsEmitted, ulong DropsRingBufferFull, ulong DropsReadFault, ulong DropsTruncated);

/// <summary>
/// The lifecycle of one loaded probe: open and load, configure the interest set,
/// attach, detach, close. Control plane only: events are read from the ring buffer
/// elsewhere, without a native call per event.
/// </summary>
internal sealed class ProbeSession : IDisposable
{
    private readonly SafeProbeHandle _handle;

    private ProbeSession(SafeProbeHandle handle) => _handle = handle;

    /// <summary>The ABI version of the event layout in the loaded libkite.so.</summary>
    public static int AbiVersion()
    {
        NativeLibraryResolver.Install();
        return global::Interop.Kite.AbiVersion();
    }

    /// <summary>Opens and loads the probe. The calling process is excluded from capture in the kernel.</summary>
    /// <param name="ringBufferBytes">Size of the ring buffer: a power of two, at least a page.</param>
    /// <param name="wakeupThreshold">Unread bytes past which the probe wakes the reader; 0 = 64 KiB.</param>
    /// <param name="argsBytes">Bound of argv (and of env) in exec/clone records, 64..16384; 0 = 4096. Longer values are cut and flagged.</param>
    public static unsafe ProbeSession Open(uint ringBufferBytes = 8 * 1024 * 1024, uint wakeupThreshold = 0, uint argsBytes = 0)
    {
        NativeLibraryResolver.Install();
        var options = new global::Interop.Kite.ProbeOptions
        {
            RingBufferBytes = ringBufferBytes,
            AgentTgid = (uint)Environment.ProcessId,
            WakeupThreshold = wakeupThreshold,
            ArgsBytes = argsBytes,
        };
        int err = global::Interop.Kite.ProbeOpen(&options, out nint probe);
        ThrowIfFailed(err, "loading the eBPF probe");
        var handle = new SafeProbeHandle();
        Marshal.InitHandle(handle, probe);
        return new ProbeSession(handle);
    }

    public SafeProbeHandle Handle => _handle;

    public void Attach() => ThrowIfFailed(global::Interop.Kite.ProbeAttach(Raw), "attaching the eBPF probe");

    public void Detach() => ThrowIfFailed(global::Interop.Kite.ProbeDetach(Raw), "detaching the eBPF probe");

    public void SetInteresting(uint syscallNumber, bool on) =>
        ThrowIfFailed(global::Interop.Kite.ProbeSetInteresting(Raw, syscallNumber, on ? (byte)1 : (byte)0), "updating the syscall interest set");

    public void SetAllInteresting(bool on) =>
        ThrowIfFailed(global::Interop.Kite.ProbeSetAllInteresting(Raw, on ? (byte)1 : (byte)0), "updating the syscall interest set");

    /// <summary>
    /// Turns an event type on or off in the kernel: every syscall that produces it, or the
    /// event itself for procexit. Generic and Unknown are rejected (use the syscall number).
    /// </summary>
    public void SetInteresting(EventType eventType, bool on) =>
        ThrowIfFailed(global::Interop.Kite.ProbeSetEventInteresting(Raw, (ushort)eventType, on ? (byte)1 : (byte)0), $"turning {EventTable.Get(eventType).Name} events {(on ? "on" : "off")}");

    /// <summary>
    /// The interest set the agent runs with: the event types the loaded rules need plus
    /// the state-keeping ones (<see cref="EventTable.StateKeepingEventTypes"/>).
    /// </summary>
    /// <remarks>
    /// Wanted types are turned on before the others are turned off, so a hot reload never has a moment
    /// with nothing captured (state-keeping events in particular).
    /// </remarks>
    public void SetInterestSet(IEnumerable<EventType> ruleEventTypes)
    {
        var wanted = new HashSet<EventType>();
        foreach (ushort type in EventTable.StateKeepingEventTypes)
            wanted.Add((EventType)type);
        foreach (EventType type in ruleEventTypes)
        {
            if (type is not EventType.Unknown and not EventType.Generic)
                wanted.Add(type);
        }
        foreach (EventType type in wanted)
            SetInteresting(type, true);
        for (int code = 0; code < EventTable.All.Count; code++)
        {
            var type = (EventType)code;
            if (type is not EventType.Unknown and not EventType.Generic && !wanted.Contains(type))
                SetInteresting(type, false);
        }
    }

    /// <summary>The x86_64 syscall numbers that produce <paramref name="eventType"/>, as the loaded libkite.so maps them.</summary>
    public static unsafe int[] SyscallsOf(EventType eventType)
    {
        NativeLibraryResolver.Install();
        uint* numbers = stackalloc uint[16];
        ThrowIfFailed(global::Interop.Kite.EventTypeSyscalls((ushort)eventType, numbers, 16, out uint count), "listing the syscalls of an event type");
        var result = new int[Math.Min(count, 16u)];
        for (int i = 0; i < result.Length; i++)
            result[i] = (int)numbers[i];
        return result;
    }

    public int RingBufferFd
    {
        get
        {
            ThrowIfFailed(global::Interop.Kite.ProbeRingBufferFd(Raw, out int fd), "getting the ring buffer fd");
            return fd;
        }
    }

    public uint RingBufferSize
    {
        get
        {
            ThrowIfFailed(global::Interop.Kite.ProbeRingBufferSize(Raw, out uint size), "getting the ring buffer size");
            return size;
        }
    }

    public unsafe ProbeCounters ReadCounters()
    {
        ThrowIfFailed(global::Interop.Kite.ProbeReadCounters(Raw, out var c), "reading probe counters");
        return new ProbeCounters(c.EventsEmitted, c.Drops[0], c.Drops[1], c.Drops[2]);
    }

    /// <summary>Drains with libbpf's own consumer and returns the record count (benchmarks' C baseline and self-test).</summary>
    public ulong DrainWithLibbpf(int timeoutMs)
    {
        ThrowIfFailed(global::Interop.Kite.ProbeDrainWithLibbpf(Raw, timeoutMs, out ulong records), "draining the ring buffer");
        return records;
    }

    /// <summary>
    /// TEST/BENCHMARK ONLY: consumes records with libbpf and copies them back to back into
    /// <paramref name="destination"/> (at least <see cref="EventTable.MaxEventSize"/> bytes).
    /// The agent reads the ring in place instead; this exists to check the probe's encodings
    /// independently of the C# reader.
    /// </summary>
    /// <returns>The number of bytes written; <paramref name="records"/> receives the record count.</returns>
    public unsafe int DebugCopyRecords(Span<byte> destination, int timeoutMs, out int records)
    {
        fixed (byte* p = destination)
        {
            ThrowIfFailed(global::Interop.Kite.ProbeDebugCopyRecords(Raw, p, (uint)destination.Length, timeoutMs, out uint bytes, out uint count), "copying records");
            records = (int)count;
            return (int)bytes;
        }
    }

    public void Dispose() => _handle.Dispose();

    private nint Raw
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle.DangerousGetHandle();
        }
    }

    private static void ThrowIfFailed(int err, string operation)
    {
        if (err < 0)
            throw new ProbeException(operation, -err);
    }
}
