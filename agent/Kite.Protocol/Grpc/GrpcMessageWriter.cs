using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace Kite.Protocol.Grpc;

/// <summary>Writes one protobuf message as an uncompressed gRPC frame (prefix and payload in one write).</summary>
public static class GrpcMessageWriter
{
    /// <summary>Serializes <paramref name="message"/> into a frame; RESOURCE_EXHAUSTED when over <paramref name="maxMessageSize"/>.</summary>
    public static async ValueTask WriteAsync(Stream stream, IMessage message, int maxMessageSize, CancellationToken cancellationToken)
    {
        int size = message.CalculateSize();
        if (size > maxMessageSize)
            throw new GrpcException(GrpcStatusCode.ResourceExhausted, $"sent message larger than max ({size} vs. {maxMessageSize})");
        int total = GrpcProtocol.FrameHeaderLength + size;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            WriteFrame(buffer.AsSpan(0, total), message, size);
            await stream.WriteAsync(buffer.AsMemory(0, total), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes a frame for an already serialized payload (tests and raw callers).</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload, bool compressed = false)
    {
        byte[] frame = new byte[GrpcProtocol.FrameHeaderLength + payload.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame.AsSpan(GrpcProtocol.FrameHeaderLength));
        return frame;
    }

    private static void WriteFrame(Span<byte> frame, IMessage message, int size)
    {
        frame[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(frame[1..], (uint)size);
        message.WriteTo(frame.Slice(GrpcProtocol.FrameHeaderLength, size));
    }
}
