using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Kite.Agent.Capture;
using Kite.Agent.Events;

namespace Kite.Agent.Tests.Interop;

/// <summary>
/// One record copied out of the ring (ProbeSession.DebugCopyRecords), decoded with the
/// layout of kite_events.h by code independent of the agent's reader, so probe tests
/// check the encodings themselves.
/// </summary>
internal sealed class CapturedRecord
{
    private readonly byte[][] _params;

    private CapturedRecord(EventHeader header, byte[][] parameters)
    {
        Header = header;
        _params = parameters;
    }

    public EventHeader Header { get; }

    public EventType Type => (EventType)Header.Type;

    public EventInfo Info => EventTable.Get(Type);

    public bool Truncated => (Header.Flags & EventTable.FlagTruncated) != 0;

    public byte[] Raw(string name)
    {
        int i = Info.IndexOf(name);
        Assert.True(i >= 0, $"{Info.Name} has no parameter {name}");
        return _params[i];
    }

    public long Int(string name)
    {
        byte[] p = Raw(name);
        return p.Length switch
        {
            1 => p[0],
            2 => BinaryPrimitives.ReadInt16LittleEndian(p),
            4 => BinaryPrimitives.ReadInt32LittleEndian(p),
            8 => BinaryPrimitives.ReadInt64LittleEndian(p),
            _ => throw new InvalidOperationException($"{Info.Name}.{name} is {p.Length} bytes, not an integer"),
        };
    }

    public ulong UInt(string name)
    {
        byte[] p = Raw(name);
        return p.Length switch
        {
            1 => p[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(p),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(p),
            8 => BinaryPrimitives.ReadUInt64LittleEndian(p),
            _ => throw new InvalidOperationException($"{Info.Name}.{name} is {p.Length} bytes, not an integer"),
        };
    }

    public string Text(string name) => Encoding.UTF8.GetString(Raw(name));

    /// <summary>A CHARBUFARRAY parameter: each string ends with one NUL.</summary>
    public string[] Strings(string name)
    {
        string s = Text(name);
        return s.Length == 0 ? [] : s.TrimEnd('\0').Split('\0');
    }

    /// <summary>An AF_INET SOCKTUPLE: local then remote end.</summary>
    public (IPEndPoint Local, IPEndPoint Remote) Ipv4Tuple(string name)
    {
        byte[] p = Raw(name);
        Assert.Equal(13, p.Length);
        Assert.Equal(2, p[0]);
        var local = new IPEndPoint(new IPAddress(p.AsSpan(1, 4)), BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(5)));
        var remote = new IPEndPoint(new IPAddress(p.AsSpan(7, 4)), BinaryPrimitives.ReadUInt16LittleEndian(p.AsSpan(11)));
        return (local, remote);
    }

    public static List<CapturedRecord> Parse(ReadOnlySpan<byte> buffer)
    {
        var records = new List<CapturedRecord>();
        while (buffer.Length >= EventHeader.Size)
        {
            var header = MemoryMarshal.Read<EventHeader>(buffer);
            Assert.InRange((int)header.Length, EventHeader.Size + 2 * header.ParamCount, buffer.Length);
            ReadOnlySpan<byte> record = buffer[..(int)header.Length];
            var lens = record.Slice(EventHeader.Size, 2 * header.ParamCount);
            int offset = EventHeader.Size + 2 * header.ParamCount;
            var parameters = new byte[header.ParamCount][];
            for (int i = 0; i < header.ParamCount; i++)
            {
                int len = BinaryPrimitives.ReadUInt16LittleEndian(lens[(2 * i)..]);
                parameters[i] = record.Slice(offset, len).ToArray();
                offset += len;
            }
            Assert.Equal((int)header.Length, offset); // the lengths account for every byte
            Assert.Equal(EventTable.Get((EventType)header.Type).Params.Length, header.ParamCount);
            records.Add(new CapturedRecord(header, parameters));
            buffer = buffer[(int)header.Length..];
        }
        Assert.Equal(0, buffer.Length);
        return records;
    }

    /// <summary>Drains the probe until <paramref name="done"/> holds for the records so far, or the timeout.</summary>
    public static List<CapturedRecord> Collect(ProbeSession probe, Func<List<CapturedRecord>, bool> done, TimeSpan? timeout = null)
    {
        var all = new List<CapturedRecord>();
        var buffer = new byte[1 << 20];
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < (timeout ?? TimeSpan.FromSeconds(5)))
        {
            int bytes = probe.DebugCopyRecords(buffer, 50, out _);
            all.AddRange(Parse(buffer.AsSpan(0, bytes)));
            if (done(all))
                break;
        }
        return all;
    }

    public override string ToString() => $"{Info.Name} tid={Header.Tid} pid={Header.Pid} flags={Header.Flags}";

    /// <summary>The record with every parameter in hex, for assertion messages.</summary>
    public string Describe()
    {
        var text = new StringBuilder(ToString());
        for (int i = 0; i < _params.Length; i++)
            text.Append(' ').Append(Info.Params[i].Name).Append('=').Append(Convert.ToHexString(_params[i]));
        return text.ToString();
    }
}
