using Kite.Agent.Capture;

namespace Kite.Agent.Tests.Capture;

public sealed class RingBufferConsumerTests : IDisposable
{
    private const uint RingSize = 4096;

    private readonly SyntheticRing _ring = new(RingSize);

    public void Dispose() => _ring.Dispose();

    private struct Collector : IRingRecordHandler
    {
        public List<byte[]> Records;

        public void OnRecord(ReadOnlySpan<byte> record) => Records.Add(record.ToArray());
    }

    private List<byte[]> DrainAll(int maxRecords = int.MaxValue)
    {
        var collector = new Collector { Records = [] };
        _ring.Consumer.Drain(ref collector, maxRecords);
        return collector.Records;
    }

    private static byte[] Payload(int length, byte seed)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
            bytes[i] = (byte)(seed + i);
        return bytes;
    }

    [Fact]
    public void RecordsAreDeliveredInOrderAndTheConsumerPositionAdvancesPastThem()
    {
        _ring.Produce(Payload(5, 1));
        _ring.Produce(Payload(16, 2));
        _ring.Produce(Payload(1, 3));

        var records = DrainAll();

        Assert.Equal([Payload(5, 1), Payload(16, 2), Payload(1, 3)], records);
        Assert.Equal(16 + 24 + 16, _ring.ConsumerPosition);
        Assert.Equal(_ring.ProducerPosition, _ring.ConsumerPosition);
        Assert.Equal(3UL, _ring.Consumer.Stats.Records);
    }

    [Fact]
    public void EmptyRingDeliversNothing()
    {
        Assert.Empty(DrainAll());
        Assert.Equal(0, _ring.ConsumerPosition);
    }

    [Theory]
    [InlineData(4096 - 8)]
    [InlineData(4096 - 16)]
    [InlineData(4096 - 40)]
    [InlineData(4096 * 3 - 24)]
    public void RecordThatWrapsAroundTheEndIsDeliveredWhole(long start)
    {
        _ring.StartAt(start);
        _ring.Produce(Payload(100, 7));
        _ring.Produce(Payload(3, 9));

        var records = DrainAll();

        Assert.Equal([Payload(100, 7), Payload(3, 9)], records);
        Assert.Equal(_ring.ProducerPosition, _ring.ConsumerPosition);
    }

    [Fact]
    public void LongRunOfRecordsAcrossManyWrapsIsDeliveredIntact()
    {
        var random = new Random(7);
        var expected = new Queue<byte[]>();
        for (int round = 0; round < 2000; round++)
        {
            var payload = Payload(random.Next(0, 300), (byte)round);
            if (_ring.Produce(payload) < 0)
            {
                foreach (var record in DrainAll())
                    Assert.Equal(expected.Dequeue(), record);
                Assert.True(_ring.Produce(payload) >= 0);
            }
            expected.Enqueue(payload);
        }
        foreach (var record in DrainAll())
            Assert.Equal(expected.Dequeue(), record);
        Assert.Empty(expected);
        Assert.True(_ring.ConsumerPosition > 10 * RingSize, "the run should wrap many times");
    }

    [Fact]
    public void DiscardedRecordsAreSkippedAndCounted()
    {
        _ring.Produce(Payload(10, 1));
        _ring.Produce(Payload(20, 2), discard: true);
        _ring.Produce(Payload(30, 3));

        var records = DrainAll();

        Assert.Equal([Payload(10, 1), Payload(30, 3)], records);
        Assert.Equal(1UL, _ring.Consumer.Stats.DiscardedRecords);
        Assert.Equal(_ring.ProducerPosition, _ring.ConsumerPosition);
    }

    [Fact]
    public void BusyRecordStopsTheDrainUntilItIsCommitted()
    {
        _ring.Produce(Payload(10, 1));
        long busy = _ring.Produce(Payload(20, 2), busy: true);
        _ring.Produce(Payload(30, 3));

        Assert.Equal([Payload(10, 1)], DrainAll());
        Assert.Equal(busy, _ring.ConsumerPosition);
        Assert.Equal(1UL, _ring.Consumer.Stats.BusyStops);

        _ring.Commit(busy);

        Assert.Equal([Payload(20, 2), Payload(30, 3)], DrainAll());
        Assert.Equal(_ring.ProducerPosition, _ring.ConsumerPosition);
    }

    [Fact]
    public void DrainStopsAtTheBatchLimitAndResumesWhereItStopped()
    {
        for (int i = 0; i < 10; i++)
            _ring.Produce(Payload(8, (byte)i));

        Assert.Equal(4, DrainAll(maxRecords: 4).Count);
        var rest = DrainAll();

        Assert.Equal(6, rest.Count);
        Assert.Equal(Payload(8, 4), rest[0]);
    }

    [Theory]
    [InlineData(0x3fff_fff0u)] // far beyond the ring
    [InlineData(4096u)] // the whole ring: impossible with a header
    [InlineData(200u)] // beyond the producer position
    public void GarbageLengthIsCountedAndSkippedToTheProducerPosition(uint garbage)
    {
        _ring.Produce(Payload(10, 1));
        _ring.ProduceRaw(garbage, Payload(40, 2));
        _ring.Produce(Payload(30, 3));

        var records = DrainAll();

        Assert.Equal([Payload(10, 1)], records);
        Assert.Equal(1UL, _ring.Consumer.Stats.CorruptRecords);
        Assert.Equal(_ring.ProducerPosition, _ring.ConsumerPosition);

        _ring.Produce(Payload(12, 4));
        Assert.Equal([Payload(12, 4)], DrainAll());
    }

    [Fact]
    public void TruncatedPayloadIsDeliveredWithTheLengthTheHeaderStates()
    {
        // A header shorter than what was written: the consumer trusts the frame; the decoder rejects the content.
        _ring.ProduceRaw(4, Payload(4, 1));
        var records = DrainAll();
        Assert.Single(records);
        Assert.Equal(4, records[0].Length);
    }

    [Fact]
    public void RandomHeadersNeverCrashTheConsumer()
    {
        var random = new Random(99);
        var collector = new Collector { Records = [] };
        for (int i = 0; i < 20_000; i++)
        {
            var payload = Payload(random.Next(0, 64), (byte)i);
            uint word = random.Next(4) switch
            {
                0 => (uint)random.Next(),
                1 => (uint)random.Next() | RingBufferConsumer.DiscardBit,
                _ => (uint)payload.Length,
            };
            if (_ring.ProduceRaw(word, payload) < 0)
            {
                _ring.Consumer.Drain(ref collector, int.MaxValue);
                // A busy header blocks the ring: the test producer commits it as the kernel eventually would.
                if (_ring.ConsumerPosition != _ring.ProducerPosition)
                    _ring.Commit(_ring.ConsumerPosition);
                _ring.Consumer.Drain(ref collector, int.MaxValue);
                collector.Records.Clear();
            }
        }
        Assert.True(_ring.Consumer.Stats.CorruptRecords > 0);
    }

    [Fact]
    public void ConsumerRejectsASizeThatIsNotAPowerOfTwo()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CreateWithSize(3000));
    }

    private static unsafe void CreateWithSize(uint size)
    {
        long pos = 0;
        _ = new RingBufferConsumer(&pos, &pos, null, size);
    }

    [Fact]
    public void RoundUpAddsTheHeaderAndAlignsToEightBytes()
    {
        Assert.Equal(8, RingBufferConsumer.RoundUp(0));
        Assert.Equal(16, RingBufferConsumer.RoundUp(1));
        Assert.Equal(16, RingBufferConsumer.RoundUp(8));
        Assert.Equal(24, RingBufferConsumer.RoundUp(9));
    }
}
