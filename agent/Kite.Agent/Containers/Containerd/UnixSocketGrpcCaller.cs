using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Google.Protobuf;

namespace Kite.Agent.Containers.Containerd;

/// <summary>
/// Unary gRPC calls to a runtime's unix socket: HTTP/2 with prior knowledge (h2c) over
/// <see cref="SocketsHttpHandler.ConnectCallback"/>, 5-byte length-prefixed messages, grpc-status
/// from the trailers. One HTTP/2 connection is reused for all calls and re-dialed after a runtime restart.
/// </summary>
/// <remarks>Deliberately small: unary only, no compression, no TLS (a local socket guarded by file permissions).</remarks>
internal sealed class UnixSocketGrpcCaller : IDisposable
{
    private static readonly MediaTypeHeaderValue s_grpcContentType = new("application/grpc");

    private readonly HttpClient _http;
    private readonly TimeSpan _callTimeout;

    public UnixSocketGrpcCaller(string socketPath, TimeSpan callTimeout)
    {
        SocketPath = socketPath;
        _callTimeout = callTimeout;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            // A restarted runtime leaves a dead connection behind; do not keep idle ones long.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            EnableMultipleHttp2Connections = false,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public string SocketPath { get; }

    /// <summary>
    /// Calls <paramref name="method"/> (<c>/package.Service/Method</c>). Throws <see cref="GrpcCallException"/>
    /// for a non-OK status and <see cref="HttpRequestException"/> / <see cref="SocketException"/> when the
    /// socket cannot be reached.
    /// </summary>
    public async Task<TResponse> CallAsync<TResponse>(string method, IMessage? request, MessageParser<TResponse> parser,
        IEnumerable<KeyValuePair<string, string>> metadata, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>
    {
        int size = request?.CalculateSize() ?? 0;
        var frame = new byte[5 + size];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)size);
        request?.WriteTo(frame.AsSpan(5));

        using var message = new HttpRequestMessage(HttpMethod.Post, "http://localhost" + method)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        message.Content.Headers.ContentType = s_grpcContentType;
        message.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (KeyValuePair<string, string> header in metadata)
            message.Headers.TryAddWithoutValidation(header.Key, header.Value);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_callTimeout);
        using HttpResponseMessage response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new GrpcCallException(GrpcCallException.Unavailable, method, $"HTTP {(int)response.StatusCode}");

        byte[] body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        // Trailers-only responses carry grpc-status in the headers.
        string? status = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status");
        if (status is null)
            throw new GrpcCallException(GrpcCallException.Unavailable, method, "response without grpc-status");
        if (status != "0")
        {
            string? detail = Header(response.TrailingHeaders, "grpc-message") ?? Header(response.Headers, "grpc-message");
            throw new GrpcCallException(int.TryParse(status, out int code) ? code : 2, method, detail is null ? null : Uri.UnescapeDataString(detail));
        }
        if (body.Length < 5)
            throw new GrpcCallException(13, method, "OK status without a response message");
        if (body[0] != 0)
            throw new GrpcCallException(13, method, "compressed response message (compression was not offered)");
        uint length = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1));
        if (length > (uint)(body.Length - 5))
            throw new GrpcCallException(13, method, "truncated response message");
        return parser.ParseFrom(body.AsSpan(5, (int)length));
    }

    public void Dispose() => _http.Dispose();

    private static string? Header(HttpHeaders headers, string name)
        => headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;
}
