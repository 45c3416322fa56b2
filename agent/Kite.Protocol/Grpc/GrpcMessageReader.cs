using System.Buffers.Binary;
using System.IO.Compression;

namespace Kite.Protocol.Grpc;

/// <summary>
/// Reads length-prefixed gRPC messages from an HTTP/2 body stream. A message may arrive split
/// over any number of reads; a frame cut short, an unknown compressed flag or a compressed message
/// without a `grpc-encoding` is INTERNAL; a message over the limit is RESOURCE_EXHAUSTED.
/// Not thread-safe: one reader per stream.
/// </summary>
public sealed class GrpcMessageReader
{
    private readonly Stream _stream;
    private readonly int _maxMessageSize;
    private readonly string? _encoding;
    private readonly byte[] _header = new byte[GrpcProtocol.FrameHeaderLength];

    /// <param name="stream">The request (server) or response (client) body.</param>
    /// <param name="maxMessageSize">Largest message accepted, after decompression.</param>
    /// <param name="encoding">The peer's `grpc-encoding` header (null or `identity` when absent).</param>
    public GrpcMessageReader(Stream stream, int maxMessageSize, string? encoding = null)
    {
        _stream = stream;
        _maxMessageSize = maxMessageSize;
        _encoding = string.IsNullOrEmpty(encoding) || encoding.Equals("identity", StringComparison.OrdinalIgnoreCase) ? null : encoding;
    }

    /// <summary>Number of messages read so far.</summary>
    public long MessagesRead { get; private set; }

    /// <summary>The next message's bytes, or null when the stream ended cleanly between messages.</summary>
    public async ValueTask<byte[]?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        int got = await _stream.ReadAtLeastAsync(_header, _header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (got == 0)
            return null;
        if (got < _header.Length)
            throw new GrpcException(GrpcStatusCode.Internal, $"truncated gRPC frame: the stream ended after {got} of 5 prefix bytes");

        byte flag = _header[0];
        uint length = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(1));
        if (flag > 1)
            throw new GrpcException(GrpcStatusCode.Internal, $"invalid gRPC frame: compressed flag is {flag} (must be 0 or 1)");
        if (length > (uint)_maxMessageSize)
            throw new GrpcException(GrpcStatusCode.ResourceExhausted, $"received message larger than max ({length} vs. {_maxMessageSize})");
        if (flag == 1 && _encoding is null)
            throw new GrpcException(GrpcStatusCode.Internal, "compressed flag set on a message but the stream has no grpc-encoding");

        byte[] payload = length == 0 ? [] : new byte[length];
        if (length > 0)
        {
            int read = await _stream.ReadAtLeastAsync(payload, payload.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read < payload.Length)
                throw new GrpcException(GrpcStatusCode.Internal, $"truncated gRPC message: the stream ended after {read} of {length} bytes");
        }
        MessagesRead++;
        return flag == 1 ? Decompress(payload) : payload;
    }

    private byte[] Decompress(byte[] payload)
    {
        if (!_encoding!.Equals("gzip", StringComparison.OrdinalIgnoreCase))
            throw new GrpcException(GrpcStatusCode.Unimplemented, $"unsupported grpc-encoding '{_encoding}' (supported: {GrpcProtocol.SupportedEncodings})");
        try
        {
            using var gzip = new GZipStream(new MemoryStream(payload), CompressionMode.Decompress);
            using var output = new MemoryStream();
            byte[] chunk = new byte[16 * 1024];
            int n;
            while ((n = gzip.Read(chunk, 0, chunk.Length)) > 0)
            {
                // Check as we go so a small bomb cannot inflate past the limit in memory.
                if (output.Length + n > _maxMessageSize)
                    throw new GrpcException(GrpcStatusCode.ResourceExhausted, $"decompressed message larger than max ({_maxMessageSize})");
                output.Write(chunk, 0, n);
            }
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new GrpcException(GrpcStatusCode.Internal, "invalid gzip-compressed message", e);
        }
    }
}
