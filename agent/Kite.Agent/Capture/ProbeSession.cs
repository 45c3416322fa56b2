using System.Runtime.InteropServices;
using Kite.Agent.Interop;
using Kite.Agent.Interop.SafeHandles;

namespace Kite.Agent.Capture;

/// <summary>Drop and emit counters read from the probe, summed over CPUs.</summary>
/// <remarks>
/// Only <see cref="DropsRingBufferFull"/> counts lost events; the others count events that were
/// sent with a flaw (an empty parameter after a read fault, a truncated parameter, a syscall
/// whose entry was not seen so its arguments are missing).
/// </remarks>
internal readonly record struct ProbeCounters(ulong EventsEmitted, ulong DropsRingBufferFull, ulong DropsReadFault, ulong DropsTruncated, ulong DropsNoStash);

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
    public static unsafe ProbeSession Open(uint ringBufferBytes = 8 * 1024 * 1024, uint wakeupThreshold = 0)
    {
        NativeLibraryResolver.Install();
        var options = new global::Interop.Kite.ProbeOptions
        {
            RingBufferBytes = ringBufferBytes,
            AgentTgid = (uint)Environment.ProcessId,
            WakeupThreshold = wakeupThreshold,
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
        return new ProbeCounters(c.EventsEmitted, c.Drops[0], c.Drops[1], c.Drops[2], c.Drops[3]);
    }

    /// <summary>Drains with libbpf's own consumer and returns the record count (benchmarks' C baseline and self-test).</summary>
    public ulong DrainWithLibbpf(int timeoutMs)
    {
        ThrowIfFailed(global::Interop.Kite.ProbeDrainWithLibbpf(Raw, timeoutMs, out ulong records), "draining the ring buffer");
        return records;
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
