using System.Runtime.InteropServices;

internal static partial class Interop
{
    /// <summary>Imports of libkite.so (native/shim/kite.h). Every call returns 0 or a negative errno.</summary>
    internal static partial class Kite
    {
        [StructLayout(LayoutKind.Sequential)]
        internal struct ProbeOptions
        {
            public uint RingBufferBytes;
            public uint AgentTgid;
            public uint WakeupThreshold;
            public uint ArgsBytes;
        }

        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct ProbeCounters
        {
            public ulong EventsEmitted;
            public fixed ulong Drops[3]; // KITE_DROP_MAX
        }

        [LibraryImport(Libraries.Kite, EntryPoint = "kite_abi_version")]
        internal static partial int AbiVersion();

        [LibraryImport(Libraries.Kite, EntryPoint = "kite_set_log_callback")]
        internal static unsafe partial void SetLogCallback(delegate* unmanaged<int, byte*, void> callback);

        [LibraryImport(Libraries.Kite, EntryPoint = "kite_probe_open")]
        internal static unsafe partial int ProbeOpen(ProbeOptions* options, out nint probe);

        [LibraryImport(Libraries.Kite, EntryPoint = "kite_probe_attach")]
        internal static partial int ProbeAttach(nint probe);

        [LibraryImport(Libraries.Kite, EntryPoint = "kite_probe_detach")]
        internal static partial int ProbeDetach(nint probe);

        [LibraryImport(Libraries.Kite, EntryPoint = "kite_probe_close")]
        internal static partial void ProbeClose(nint probe);

        [LibraryImport(Libraries.Kite, EntryPoint = "kite_probe_set_interesting")]
        internal static partial int ProbeSetInteresting(nint probe, uint syscallNumber, byte on);

        [LibraryImport(Libraries.Kite, EntryPoint = "kite_probe_set_all_interesting")]
        internal static partial int ProbeSetAllInteresting(nint probe, byte on);

        [LibraryImport(Libraries.Kite, EntryPoint = "kite_probe_set_event_interesting")]
        internal static partial int ProbeSetEventInteresting(nint probe, ushort eventType, byte on);

        [LibraryImport(Libraries.Kite, EntryPoint = "kite_event_type_syscalls")]
        internal static unsafe partial int EventTypeSyscalls(ushort eventType, uint* numbers, uint capacity, out uint count);

        [LibraryImport(Libraries.Kite, EntryPoint = "kite_probe_ringbuf_fd")]
        internal static partial int ProbeRingBufferFd(nint probe, out int fd);

        [LibraryImport(Libraries.Kite, EntryPoint = "kite_probe_ringbuf_size")]
        internal static partial int ProbeRingBufferSize(nint probe, out uint size);

        [LibraryImport(Libraries.Kite, EntryPoint = "kite_probe_read_counters")]
        internal static partial int ProbeReadCounters(nint probe, out ProbeCounters counters);

        [LibraryImport(Libraries.Kite, EntryPoint = "kite_probe_drain_with_libbpf")]
        internal static partial int ProbeDrainWithLibbpf(nint probe, int timeoutMs, out ulong records);

        /// <summary>Test/benchmark only: copies consumed records into a caller buffer.</summary>
        [LibraryImport(Libraries.Kite, EntryPoint = "kite_probe_debug_copy_records")]
        internal static unsafe partial int ProbeDebugCopyRecords(nint probe, byte* buffer, uint capacity, int timeoutMs, out uint bytes, out uint records);
    }
}
