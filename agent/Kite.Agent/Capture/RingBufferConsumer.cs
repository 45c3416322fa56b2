using System.Runtime.CompilerServices;

namespace Kite.Agent.Capture;

/// <summary>
/// Reads records of a BPF ring buffer in place, from memory laid out as the kernel maps it:
/// a consumer position (written by us), a producer position (written by the kernel) and a data area
/// of <c>size</c> bytes mapped twice back to back, so a record that wraps is still contiguous.
/// </summary>
/// <remarks>
/// Record framing (kernel/bpf/ringbuf.c): an 8-byte header, u32 length whose bit 31 means "still being
/// written" (BUSY) and bit 30 "dropped by the producer" (DISCARD), then a u32 page offset; the next record
/// starts at the 8-byte aligned end. The producer position is read with acquire semantics and each header
/// length with acquire semantics; the consumer position is published with release semantics once a batch is
/// done, after the handler has finished with every span of the batch.
/// Single consumer: one thread calls <see cref="Drain{THandler}"/>.
/// </remarks>
internal sealed unsafe class RingBufferConsumer
{
    internal const uint BusyBit = 1u << 31;
    internal const uint DiscardBit = 1u << 30;
    internal const int RecordHeaderSize = 8;

    private readonly long* _consumerPos;
    private readonly long* _producerPos;
    private readonly byte* _data;
    private readonly long _mask;
    private readonly uint _size;

    /// <param name="consumerPos">the consumer page (read-write)</param>
    /// <param name="producerPos">the producer page (read-only)</param>
    /// <param name="data">the data area, <paramref name="size"/> bytes mapped twice back to back</param>
    /// <param name="size">a power of two</param>
    public RingBufferConsumer(long* consumerPos, long* producerPos, byte* data, uint size)
    {
        if (size == 0 || (size & (size - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, "the ring buffer size must be a power of two");
        _consumerPos = consumerPos;
        _producerPos = producerPos;
        _data = data;
        _size = size;
        _mask = size - 1;
    }

    public RingBufferStats Stats { get; } = new();

    public uint Size => _size;

    /// <summary>Bytes written by the producer and not consumed yet (including busy records).</summary>
    public long PendingBytes => Volatile.Read(ref *_producerPos) - Volatile.Read(ref *_consumerPos);

    /// <summary>
    /// Hands up to <paramref name="maxRecords"/> committed records to <paramref name="handler"/>, then releases
    /// their space to the producer. Stops early at a record still being written.
    /// </summary>
    /// <returns>the number of records handed over (discarded and corrupt ones excluded)</returns>
    public int Drain<THandler>(ref THandler handler, int maxRecords)
        where THandler : struct, IRingRecordHandler
    {
        long consumer = *_consumerPos; // only this thread writes it
        long producer = Volatile.Read(ref *_producerPos);
        int delivered = 0;
        while (consumer < producer && delivered < maxRecords)
        {
            uint* header = (uint*)(_data + (consumer & _mask));
            uint word = Volatile.Read(ref *header);
            if ((word & BusyBit) != 0)
            {
                Stats.BusyStops++;
                break;
            }

            uint length = word & ~(BusyBit | DiscardBit);
            long total = RoundUp(length);
            if (total > producer - consumer || length > _size - RecordHeaderSize)
            {
                // A length the producer cannot have written: we have lost the framing, so skip to the
                // producer's position rather than walk through garbage. Counted, never thrown.
                Stats.CorruptRecords++;
                Stats.SkippedBytes += (ulong)(producer - consumer);
                consumer = producer;
                break;
            }

            if ((word & DiscardBit) != 0)
            {
                Stats.DiscardedRecords++;
            }
            else
            {
                handler.OnRecord(new ReadOnlySpan<byte>((byte*)header + RecordHeaderSize, (int)length));
                delivered++;
            }
            consumer += total;
        }

        Stats.Records += (ulong)delivered;
        Volatile.Write(ref *_consumerPos, consumer);
        return delivered;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long RoundUp(uint length) => ((long)length + RecordHeaderSize + 7) & ~7L;
}
