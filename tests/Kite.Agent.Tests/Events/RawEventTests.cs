using System.Buffers.Binary;
using System.Text;
using Kite.Agent.Events;

namespace Kite.Agent.Tests.Events;

public sealed class RawEventTests
{
    [Fact]
    public void HeaderFieldsAreReadFromTheirOffsets()
    {
        byte[] record = new EventBuilder(type: 7, tid: 4321, pid: 1234, timestamp: 0x0102030405060708)
            .WithFlags(RawEvent.FlagTruncated).OnCpu(3).Int64(-2).Build();

        Assert.Equal(RawEventStatus.Ok, RawEvent.TryRead(record, out var ev));
        Assert.Equal(0x0102030405060708UL, ev.Timestamp);
        Assert.Equal(4321, ev.Tid);
        Assert.Equal(1234, ev.Pid);
        Assert.Equal((ushort)7, ev.TypeId);
        Assert.Equal(1, ev.ParamCount);
        Assert.Equal((ushort)3, ev.Cpu);
        Assert.True(ev.IsTruncated);
        Assert.Equal(record.Length, ev.Length);
    }

    [Fact]
    public void ParametersAreReadByIndexWithTheirOwnWidth()
    {
        byte[] record = new EventBuilder(2)
            .Int64(-5).Int32(-6).UInt16(0xfffe).Byte(0xff).String("/etc/shadow").Empty().Build();
        Assert.Equal(RawEventStatus.Ok, RawEvent.TryRead(record, out var ev));

        Assert.Equal(-5, ev.GetInt64(0));
        Assert.Equal(-6, ev.GetInt64(1));
        Assert.Equal(0xfffeUL, ev.GetUInt64(2));
        Assert.Equal(-1, ev.GetInt64(3));
        Assert.Equal("/etc/shadow", Encoding.UTF8.GetString(ev.GetString(4)));
        Assert.True(ev.HasParam(5));
        Assert.Equal(0, ev.GetParam(5).Length);
        Assert.False(ev.HasParam(6));
        Assert.Equal(0, ev.GetParam(6).Length);
        Assert.Equal(0, ev.GetInt64(-1));
    }

    [Fact]
    public void ParamReaderWalksParametersInOrderAndStopsAfterTheLast()
    {
        byte[] record = new EventBuilder(2).UInt32(42).String("a").StringList("x", "yz").Build();
        Assert.Equal(RawEventStatus.Ok, RawEvent.TryRead(record, out var ev));

        var reader = ev.Params;
        Assert.Equal(3, reader.Count);
        Assert.Equal(42UL, reader.ReadUInt64());
        Assert.Equal("a", Encoding.UTF8.GetString(reader.ReadString()));
        Assert.True(reader.TryReadNext(out var list));
        Assert.Equal("x\0yz\0", Encoding.UTF8.GetString(list));
        Assert.False(reader.TryReadNext(out _));
        Assert.Equal(0, reader.ReadInt64());
    }

    [Fact]
    public void StringWithoutNulIsReadToTheEndOfItsParameter()
    {
        byte[] record = new EventBuilder(2).Raw("abc"u8.ToArray()).Build();
        Assert.Equal(RawEventStatus.Ok, RawEvent.TryRead(record, out var ev));
        Assert.Equal("abc", Encoding.UTF8.GetString(ev.GetString(0)));
    }

    [Fact]
    public void RecordLongerThanItsHeaderLengthIsCutToTheHeaderLength()
    {
        byte[] record = new EventBuilder(2).Int64(1).Build();
        byte[] padded = [.. record, 0xAA, 0xBB, 0, 0, 0, 0, 0, 0];
        Assert.Equal(RawEventStatus.Ok, RawEvent.TryRead(padded, out var ev));
        Assert.Equal(record.Length, ev.Length);
    }

    public static TheoryData<string, byte[], int> MalformedRecords()
    {
        byte[] good = new EventBuilder(2).Int64(1).String("hello").Build();
        var data = new TheoryData<string, byte[], int>
        {
            { "empty", [], (int)RawEventStatus.TooShort },
            { "header cut", good[..31], (int)RawEventStatus.TooShort },
            { "record cut", good[..^1], (int)RawEventStatus.BadLength },
        };
        byte[] smallLen = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(smallLen.AsSpan(16), 8);
        data.Add("len below header", smallLen, (int)RawEventStatus.BadLength);
        byte[] hugeLen = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(hugeLen.AsSpan(16), 0xffffffff);
        data.Add("len beyond record", hugeLen, (int)RawEventStatus.BadLength);
        byte[] manyParams = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(manyParams.AsSpan(22), 33);
        data.Add("nparams above max", manyParams, (int)RawEventStatus.BadParamCount);
        byte[] tableOverflow = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(tableOverflow.AsSpan(22), 30);
        data.Add("length table beyond record", tableOverflow, (int)RawEventStatus.BadParamCount);
        byte[] paramOverflow = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(paramOverflow.AsSpan(34), 60000);
        data.Add("param length beyond record", paramOverflow, (int)RawEventStatus.ParamsOverflow);
        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedRecords))]
    public void MalformedRecordIsRejectedWithItsReason(string name, byte[] record, int expected)
    {
        Assert.NotNull(name);
        Assert.Equal((RawEventStatus)expected, RawEvent.TryRead(record, out _));
    }

    [Fact]
    public void RandomBytesNeverThrowAndNeverReadOutOfBounds()
    {
        var random = new Random(12345);
        var buffer = new byte[256];
        int ok = 0;
        for (int i = 0; i < 100_000; i++)
        {
            random.NextBytes(buffer);
            int length = random.Next(0, buffer.Length);
            if (random.Next(2) == 0 && length >= 32)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(16), (uint)length);
                BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(22), (ushort)random.Next(0, 8));
            }
            if (RawEvent.TryRead(buffer.AsSpan(0, length), out var ev) == RawEventStatus.Ok)
            {
                ok++;
                for (int p = 0; p < ev.ParamCount; p++)
                    _ = ev.GetString(p);
                var reader = ev.Params;
                while (reader.TryReadNext(out _))
                {
                }
            }
        }
        Assert.True(ok > 0, "the generator should produce some well-framed records");
    }
}
