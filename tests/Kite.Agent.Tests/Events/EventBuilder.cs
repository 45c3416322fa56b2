using System.Buffers.Binary;
using System.Net;
using System.Text;
using Kite.Agent.Events;

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

    /// <summary>A CHARBUF/FSPATH parameter: UTF-8 bytes without a NUL, as the probe writes them.</summary>
    public EventBuilder String(string s) => Raw(Encoding.UTF8.GetBytes(s));

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

    // ---------------------------------------------------------------- by name, from the event table

    /// <summary>
    /// A record of <paramref name="type"/> whose parameters are given by their Falco names; every parameter
    /// not given is written empty (missing), and each value is encoded with the width its ParamType declares.
    /// </summary>
    public static EventBuilder Of(EventType type, int tid = 1000, int pid = 1000, ulong timestamp = 1_000_000_000) =>
        new EventBuilder((ushort)type, tid, pid, timestamp) { _named = EventTable.Get(type) };

    private EventInfo? _named;
    private readonly Dictionary<string, byte[]> _values = new(StringComparer.Ordinal);

    public EventBuilder Set(string name, long value)
    {
        var info = ParamInfoOf(name);
        int width = WidthOf(info.Type);
        var bytes = new byte[width];
        switch (width)
        {
            case 1: bytes[0] = (byte)value; break;
            case 2: BinaryPrimitives.WriteInt16LittleEndian(bytes, (short)value); break;
            case 4: BinaryPrimitives.WriteInt32LittleEndian(bytes, (int)value); break;
            case 8: BinaryPrimitives.WriteInt64LittleEndian(bytes, value); break;
            default: throw new ArgumentException($"{name} is not an integer parameter ({info.Type})");
        }
        _values[name] = bytes;
        return this;
    }

    public EventBuilder Set(string name, ulong value) => Set(name, unchecked((long)value));

    /// <summary>A text parameter (CHARBUF, FSPATH, FSRELPATH) or a list (CHARBUFARRAY: pass the items).</summary>
    public EventBuilder Set(string name, params string[] items)
    {
        var info = ParamInfoOf(name);
        if (info.Type == ParamType.CharBufArray)
        {
            var bytes = new List<byte>();
            foreach (string item in items)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(item));
                bytes.Add(0);
            }
            _values[name] = [.. bytes];
        }
        else
        {
            _values[name] = Encoding.UTF8.GetBytes(string.Join(' ', items));
        }
        return this;
    }

    public EventBuilder SetBytes(string name, byte[] bytes)
    {
        ParamInfoOf(name);
        _values[name] = bytes;
        return this;
    }

    /// <summary>A SOCKTUPLE of IP endpoints, local end first.</summary>
    public EventBuilder SetTuple(string name, IPEndPoint local, IPEndPoint remote)
    {
        bool v6 = local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        var bytes = new List<byte> { (byte)(v6 ? 10 : 2) };
        bytes.AddRange(local.Address.GetAddressBytes());
        bytes.AddRange(BitConverter.GetBytes((ushort)local.Port));
        bytes.AddRange(remote.Address.GetAddressBytes());
        bytes.AddRange(BitConverter.GetBytes((ushort)remote.Port));
        return SetBytes(name, [.. bytes]);
    }

    /// <summary>A SOCKADDR of an IP endpoint.</summary>
    public EventBuilder SetAddress(string name, IPEndPoint endpoint)
    {
        bool v6 = endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        var bytes = new List<byte> { (byte)(v6 ? 10 : 2) };
        bytes.AddRange(endpoint.Address.GetAddressBytes());
        bytes.AddRange(BitConverter.GetBytes((ushort)endpoint.Port));
        return SetBytes(name, [.. bytes]);
    }

    private ParamInfo ParamInfoOf(string name)
    {
        if (_named is null)
            throw new InvalidOperationException("Set(name, ...) needs a builder made with EventBuilder.Of(type)");
        int index = _named.IndexOf(name);
        if (index < 0)
            throw new ArgumentException($"event {_named.Name} has no parameter {name}");
        return _named.Params[index];
    }

    /// <summary>Width of an integer parameter type, 0 for variable-length ones.</summary>
    public static int WidthOf(ParamType type) => type switch
    {
        ParamType.Int8 or ParamType.UInt8 or ParamType.Flags8 or ParamType.EnumFlags8 or ParamType.SigType => 1,
        ParamType.Int16 or ParamType.UInt16 or ParamType.Flags16 or ParamType.EnumFlags16 or ParamType.SyscallId => 2,
        ParamType.Int32 or ParamType.UInt32 or ParamType.Flags32 or ParamType.EnumFlags32 or ParamType.Mode
            or ParamType.Uid or ParamType.Gid or ParamType.Dev => 4,
        ParamType.Int64 or ParamType.UInt64 or ParamType.Errno or ParamType.Fd or ParamType.Pid or ParamType.Ino
            or ParamType.AbsTime or ParamType.RelTime or ParamType.Caps => 8,
        _ => 0,
    };

    private void MaterializeNamed()
    {
        if (_named is null || _params.Count > 0)
            return;
        foreach (var p in _named.Params)
            _params.Add(_values.TryGetValue(p.Name, out var v) ? v : []);
    }

    public EventBuilder Raw(byte[] bytes)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("the probe writes little-endian records");
        _params.Add(bytes);
        return this;
    }

    public int Length
    {
        get
        {
            MaterializeNamed();
            return 32 + 2 * _params.Count + _params.Sum(p => p.Length);
        }
    }

    public byte[] Build()
    {
        var record = new byte[Length];
        WriteTo(record);
        return record;
    }

    public int WriteTo(Span<byte> destination)
    {
        MaterializeNamed();
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
