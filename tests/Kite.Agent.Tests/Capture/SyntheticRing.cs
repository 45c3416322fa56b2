using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Kite.Agent.Capture;

namespace Kite.Agent.Tests.Capture;

/// <summary>
/// A BPF ring buffer in process memory, laid out as the kernel maps it (positions, then the data area twice
/// back to back), with a producer that frames records as kernel/bpf/ringbuf.c does.
/// </summary>
internal sealed unsafe class SyntheticRing : IDisposable
{
    private readonly long* _consumerPos;
    private readonly long* _producerPos;
    private readonly byte* _data;
    private readonly uint _size;

    public SyntheticRing(uint size)
    {
        _size = size;
        _consumerPos = (long*)NativeMemory.AllocZeroed(8);
        _producerPos = (long*)NativeMemory.AllocZeroed(8);
        _data = (byte*)NativeMemory.AllocZeroed(2 * (nuint)size);
        Consumer = new RingBufferConsumer(_consumerPos, _producerPos, _data, size);
    }

    public RingBufferConsumer Consumer { get; }

    public long ProducerPosition => *_producerPos;

    public long ConsumerPosition => *_consumerPos;

    public long Free => _size - (*_producerPos - *_consumerPos);

    /// <summary>Starts both positions at <paramref name="position"/> (to test wrap-around from any offset).</summary>
    public void StartAt(long position)
    {
        *_consumerPos = position;
        *_producerPos = position;
    }

    /// <summary>Reserves and commits a record; returns its position, or -1 if the ring is full.</summary>
    public long Produce(ReadOnlySpan<byte> payload, bool discard = false, bool busy = false) =>
        ProduceRaw((uint)payload.Length | (discard ? RingBufferConsumer.DiscardBit : 0) | (busy ? RingBufferConsumer.BusyBit : 0), payload);

    /// <summary>Writes a header with an arbitrary length word followed by <paramref name="payload"/>; advances by the payload size.</summary>
    public long ProduceRaw(uint lengthWord, ReadOnlySpan<byte> payload)
    {
        long total = RingBufferConsumer.RoundUp((uint)payload.Length);
        if (total > Free)
            return -1;
        long position = *_producerPos;
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(header, lengthWord);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], 0);
        Write(position, header);
        Write(position + 8, payload);
        *_producerPos = position + total;
        return position;
    }

    /// <summary>Clears the BUSY bit of the record at <paramref name="position"/> (the producer's commit).</summary>
    public void Commit(long position)
    {
        uint word = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(_data + (position & (_size - 1)), 4));
        Span<byte> header = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(header, word & ~RingBufferConsumer.BusyBit);
        Write(position, header);
    }

    private void Write(long position, ReadOnlySpan<byte> bytes)
    {
        // Each byte lands in both copies of the data area, as the kernel's double mapping makes it.
        for (int i = 0; i < bytes.Length; i++)
        {
            long offset = (position + i) & (_size - 1);
            _data[offset] = bytes[i];
            _data[offset + _size] = bytes[i];
        }
    }

    public void Dispose()
    {
        NativeMemory.Free(_consumerPos);
        NativeMemory.Free(_producerPos);
        NativeMemory.Free(_data);
    }
}
