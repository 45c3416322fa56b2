using System.Buffers.Binary;
using System.Text;

namespace Kite.Agent.Tests.Events;

/// <summary>
/// Writes records exactly as the probe does (native/include/kite_events.h): the 32-byte header, one u16
/// length per parameter, the parameters back to back, integers little-endian, strings NUL-terminated.
/// </summary>
internal sealed class EventBuilder
{
    private readonly List<byte[]> _params = [];
    private readonly ushort _type;
    private int _tid;
    private int _pid;
    private ulong _timestamp;
    private ushort _flags;
    private ushort _cpu;

    public EventBuilder(ushort type, int tid = 1000, int pid = 1000, ulong timestamp = 1_000_000_000)
    {
        _type = type;
        _tid = tid;
        _pid = pid;
        _timestamp = timestamp;
    }

    public EventBuilder Thread(int tid, int pid)
    {
        _tid = tid;
        _pid = pid;
        return this;
    }

    public EventBuilder At(ulong timestamp)
    {
        _timestamp = timestamp;
        return this;
    }

    public EventBuilder WithFlags(ushort flags)
    {
        _flags = flags;
        return this;
    }

    public EventBuilder OnCpu(ushort cpu)
    {
        _cpu = cpu;
        return this;
    }

    public EventBuilder Int64(long v) => Raw(BitConverter.GetBytes(v));

    public EventBuilder UInt64(ulong v) => Raw(BitConverter.GetBytes(v));

    public EventBuilder Int32(int v) => Raw(BitConverter.GetBytes(v));

    public EventBuilder UInt32(uint v) => Raw(BitConverter.GetBytes(v));

    public EventBuilder UInt16(ushort v) => Raw(BitConverter.GetBytes(v));

    public EventBuilder Byte(byte v) => Raw([v]);

    /// <summary>A string as bpf_probe_read_str copies it: UTF-8 bytes plus the NUL.</summary>
    public EventBuilder String(string s) => Raw([.. Encoding.UTF8.GetBytes(s), 0]);

    /// <summary>NUL-separated strings, each NUL-terminated (argv, envp as the probe packs them).</summary>
    public EventBuilder StringList(params string[] items)
    {
        var bytes = new List<byte>();
        foreach (string item in items)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(item));
            bytes.Add(0);
        }
        return Raw([.. bytes]);
    }

    public EventBuilder Empty() => Raw([]);

    public EventBuilder Raw(byte[] bytes)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("the probe writes little-endian records");
        _params.Add(bytes);
        return this;
    }

    public int Length => 32 + 2 * _params.Count + _params.Sum(p => p.Length);

    public byte[] Build()
    {
        var record = new byte[Length];
        WriteTo(record);
        return record;
    }

    public int WriteTo(Span<byte> destination)
    {
        int length = Length;
        BinaryPrimitives.WriteUInt64LittleEndian(destination, _timestamp);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], _tid);
        BinaryPrimitives.WriteInt32LittleEndian(destination[12..], _pid);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[20..], _type);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[22..], (ushort)_params.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[24..], _flags);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[26..], _cpu);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], 0);
        int offset = 32;
        foreach (byte[] p in _params)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination[offset..], (ushort)p.Length);
            offset += 2;
        }
        foreach (byte[] p in _params)
        {
            p.CopyTo(destination[offset..]);
            offset += p.Length;
        }
        return length;
    }
}
