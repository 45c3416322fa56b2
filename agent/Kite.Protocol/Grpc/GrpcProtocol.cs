namespace Kite.Protocol.Grpc;

/// <summary>Header names and values of gRPC over HTTP/2 (grpc/grpc doc/PROTOCOL-HTTP2.md).</summary>
public static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string ContentTypeProto = "application/grpc+proto";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string TeHeader = "te";
    public const string TeTrailers = "trailers";

    /// <summary>Message encodings this implementation can read; it always writes uncompressed.</summary>
    public const string SupportedEncodings = "identity,gzip";

    /// <summary>The 5-byte prefix of every message: compressed flag (1 byte) + length (u32 big-endian).</summary>
    public const int FrameHeaderLength = 5;

    /// <summary>The default receive limit of gRPC implementations (4 MiB).</summary>
    public const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>True for `application/grpc`, `application/grpc+proto`, `application/grpc;...`.</summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
            return false;
        if (contentType.Length == ContentType.Length)
            return true;
        char next = contentType[ContentType.Length];
        if (next == ';')
            return true;
        // Only the protobuf subtype is spoken here: `application/grpc+json` is refused.
        return next == '+' && contentType.AsSpan(ContentType.Length + 1).TrimEnd().StartsWith("proto", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True when the encoding is absent or one this implementation decodes.</summary>
    public static bool IsSupportedEncoding(string? encoding) =>
        string.IsNullOrEmpty(encoding) || encoding.Equals("identity", StringComparison.OrdinalIgnoreCase) || encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
}
