using System.Runtime.InteropServices;

namespace Kite.Agent.Events;

/// <summary>
/// The fixed 32-byte header of every ring-buffer record (struct kite_event_header in
/// native/include/kite_events.h). It is followed by <see cref="ParamCount"/> u16 parameter
/// lengths and then the parameter bytes; <see cref="Length"/> counts the whole record.
/// The layout is checked against the C header by Interop/StructLayoutTests.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct EventHeader
{
    /// <summary>Size of the header in bytes.</summary>
    public const int Size = 32;

    /// <summary>Nanoseconds since boot (CLOCK_BOOTTIME).</summary>
    public ulong TimestampNs;

    /// <summary>Kernel thread id (task->pid).</summary>
    public uint Tid;

    /// <summary>Kernel thread-group id (task->tgid), the process id.</summary>
    public uint Pid;

    /// <summary>Length of the whole record, header included.</summary>
    public uint Length;

    /// <summary>The <see cref="EventType"/> as stored.</summary>
    public ushort Type;

    /// <summary>Number of u16 parameter lengths following the header.</summary>
    public ushort ParamCount;

    /// <summary><see cref="EventTable.FlagTruncated"/>, <see cref="EventTable.FlagReadFault"/>.</summary>
    public ushort Flags;

    /// <summary>CPU that produced the record.</summary>
    public ushort Cpu;

    public uint Reserved;

    public readonly EventType EventType => (EventType)Type;
}
