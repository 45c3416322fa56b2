using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Kite.Agent.Events;

/// <summary>
/// A view over one probe record (native/include/kite_events.h): the 32-byte header, the u16 length of
/// each parameter, then the parameters back to back. Nothing is copied: the view is valid only while the
/// bytes under it are (for a live record, until the ring-buffer batch is released), so it is a ref struct
/// and nothing may keep it.
/// </summary>
internal readonly ref struct RawEvent
{
    public const int HeaderSize = 32;
    public const int MaxParams = 32;

    private const int TimestampOffset = 0;
    private const int TidOffset = 8;
    private const int PidOffset = 12;
    private const int LengthOffset = 16;
    private const int TypeOffset = 20;
    private const int ParamCountOffset = 22;
    private const int FlagsOffset = 24;
    private const int CpuOffset = 26;

    /// <summary>Header flag: one or more parameters were cut to fit (KITE_EF_TRUNCATED).</summary>
    public const ushort FlagTruncated = 0x0001;

    /// <summary>Header flag: a user-memory read failed; that parameter is empty (KITE_EF_READ_FAULT).</summary>
    public const ushort FlagReadFault = 0x0002;

    private readonly ReadOnlySpan<byte> _record;

    private RawEvent(ReadOnlySpan<byte> record) => _record = record;

    /// <summary>Validates the framing of <paramref name="record"/> and returns a view over it.</summary>
    /// <remarks>After Ok, every parameter access is in bounds; malformed input never throws.</remarks>
    public static RawEventStatus TryRead(ReadOnlySpan<byte> record, out RawEvent ev)
    {
        ev = default;
        if (record.Length < HeaderSize)
            return RawEventStatus.TooShort;
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(record.Slice(LengthOffset));
        if (length < HeaderSize || length > (uint)record.Length)
            return RawEventStatus.BadLength;
        record = record.Slice(0, (int)length);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(record.Slice(ParamCountOffset));
        int paramsStart = HeaderSize + 2 * count;
        if (count > MaxParams || paramsStart > record.Length)
            return RawEventStatus.BadParamCount;
        int total = 0;
        ReadOnlySpan<byte> lengths = record.Slice(HeaderSize, 2 * count);
        for (int i = 0; i < lengths.Length; i += 2)
            total += BinaryPrimitives.ReadUInt16LittleEndian(lengths.Slice(i));
        if (total > record.Length - paramsStart)
            return RawEventStatus.ParamsOverflow;
        ev = new RawEvent(record);
        return RawEventStatus.Ok;
    }

    /// <summary>The whole record, header included.</summary>
    public ReadOnlySpan<byte> Bytes => _record;

    /// <summary>Nanoseconds since boot (CLOCK_BOOTTIME).</summary>
    public ulong Timestamp => BinaryPrimitives.ReadUInt64LittleEndian(_record);

    /// <summary>Kernel thread id (task->pid).</summary>
    public int Tid => BinaryPrimitives.ReadInt32LittleEndian(_record.Slice(TidOffset));

    /// <summary>Kernel thread-group id (task->tgid): the process id.</summary>
    public int Pid => BinaryPrimitives.ReadInt32LittleEndian(_record.Slice(PidOffset));

    public int Length => _record.Length;

    /// <summary>The event type number (enum kite_event_type).</summary>
    public ushort TypeId => BinaryPrimitives.ReadUInt16LittleEndian(_record.Slice(TypeOffset));

    public int ParamCount => BinaryPrimitives.ReadUInt16LittleEndian(_record.Slice(ParamCountOffset));

    public ushort Flags => BinaryPrimitives.ReadUInt16LittleEndian(_record.Slice(FlagsOffset));

    public ushort Cpu => BinaryPrimitives.ReadUInt16LittleEndian(_record.Slice(CpuOffset));

    public bool IsTruncated => (Flags & FlagTruncated) != 0;

    /// <summary>A sequential reader over the parameters.</summary>
    public ParamReader Params => new(_record.Slice(HeaderSize, 2 * ParamCount), _record.Slice(HeaderSize + 2 * ParamCount));

    /// <summary>The bytes of parameter <paramref name="index"/>; empty when the record has no such parameter.</summary>
    public ReadOnlySpan<byte> GetParam(int index)
    {
        int count = ParamCount;
        if ((uint)index >= (uint)count)
            return default;
        int offset = HeaderSize + 2 * count;
        ReadOnlySpan<byte> lengths = _record.Slice(HeaderSize);
        for (int i = 0; i < index; i++)
            offset += BinaryPrimitives.ReadUInt16LittleEndian(lengths.Slice(2 * i));
        int length = BinaryPrimitives.ReadUInt16LittleEndian(lengths.Slice(2 * index));
        return _record.Slice(offset, length);
    }

    /// <summary>True when the record has parameter <paramref name="index"/> (possibly empty).</summary>
    public bool HasParam(int index) => (uint)index < (uint)ParamCount;

    /// <summary>Parameter <paramref name="index"/> as a signed integer of its own width (1, 2, 4 or 8 bytes), sign-extended.</summary>
    public long GetInt64(int index) => ParamValue.ToInt64(GetParam(index));

    /// <summary>Parameter <paramref name="index"/> as an unsigned integer of its own width, zero-extended.</summary>
    public ulong GetUInt64(int index) => ParamValue.ToUInt64(GetParam(index));

    /// <summary>Parameter <paramref name="index"/> as a C string: the bytes before the first NUL.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> GetString(int index) => ParamValue.ToCString(GetParam(index));
}
