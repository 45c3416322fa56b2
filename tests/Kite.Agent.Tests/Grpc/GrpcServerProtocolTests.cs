using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Kite.Protocol.Grpc;
using Kite.Protocol.Grpc.Server;

namespace Kite.Agent.Tests.Grpc;

/// <summary>The server's wire behaviour, checked with raw HTTP/2 requests rather than Kite's own client.</summary>
public sealed class GrpcServerProtocolTests : IAsyncLifetime
{
    private GrpcServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await GrpcServer.StartAsync(new GrpcServerOptions { Enabled = true, BindAddress = "127.0.0.1:0" }, TestServices.Router());
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{_server.Port}"),
        };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    /// <summary>Writes the body in the given pieces, flushing each, so the server sees separate DATA frames.</summary>
    private sealed class PiecewiseContent(IReadOnlyList<byte[]> pieces, string contentType) : HttpContent
    {
        private readonly string _contentType = contentType;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            foreach (byte[] piece in pieces)
            {
                await stream.WriteAsync(piece);
                await stream.FlushAsync();
                await Task.Delay(2);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            Headers.ContentType = MediaTypeHeaderValue.Parse(_contentType);
            return false;
        }
    }

    private async Task<(HttpResponseMessage Response, byte[] Body)> PostAsync(string path, IReadOnlyList<byte[]> pieces, string contentType = GrpcProtocol.ContentType, Action<HttpRequestMessage>? configure = null)
    {
        var content = new PiecewiseContent(pieces, contentType);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        configure?.Invoke(request);
        HttpResponseMessage response = await _http.SendAsync(request);
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        return (response, body);
    }

    private static string? Header(HttpHeaders headers, string name) => headers.TryGetValues(name, out var v) ? v.First() : null;

    private static byte[] Frame(IMessage message) => GrpcMessageWriter.Frame(message.ToByteArray());

    [Fact]
    public async Task ThreadinessSetsKestrelsSocketQueues()
    {
        await using GrpcServer server = await GrpcServer.StartAsync(
            new GrpcServerOptions { Enabled = true, BindAddress = "127.0.0.1:0", Threadiness = 2 }, TestServices.Router());

        Assert.Equal(2, server.IOQueueCount);
        Assert.Equal(Math.Min(Environment.ProcessorCount, 16), _server.IOQueueCount); // 0: Kestrel's default
    }

    [Fact]
    public async Task UnknownMethodGetsATrailersOnlyUnimplemented()
    {
        var (response, body) = await PostAsync("/kite.test.Echo/Nope", [Frame(new StringValue())]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GrpcProtocol.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("12", Header(response.Headers, "grpc-status"));
        Assert.Empty(body);
    }

    [Fact]
    public async Task NonGrpcContentTypeIsHttp415()
    {
        var (response, _) = await PostAsync("/kite.test.Echo/Echo", [Frame(new StringValue())], "application/json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task MessageSplitAcrossDataFramesIsReassembled()
    {
        byte[] frame = Frame(new StringValue { Value = "split into single bytes" });
        var (response, body) = await PostAsync("/kite.test.Echo/Echo", frame.Select(b => new[] { b }).ToList());
        Assert.Equal("0", Header(response.TrailingHeaders, "grpc-status"));
        Assert.Equal("echo: split into single bytes", StringValue.Parser.ParseFrom(body.AsSpan(5)).Value);
    }

    [Fact]
    public async Task TruncatedFrameIsInternal()
    {
        byte[] frame = Frame(new StringValue { Value = "cut short" });
        var (response, _) = await PostAsync("/kite.test.Echo/Echo", [frame[..^3]]);
        Assert.Equal("13", Header(response.Headers, "grpc-status"));
        Assert.Contains("truncated", GrpcStatusMessage.Decode(Header(response.Headers, "grpc-message")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompressedFlagWithoutEncodingIsInternal()
    {
        var (response, _) = await PostAsync("/kite.test.Echo/Echo", [GrpcMessageWriter.Frame(new StringValue { Value = "x" }.ToByteArray(), compressed: true)]);
        Assert.Equal("13", Header(response.Headers, "grpc-status"));
    }

    [Fact]
    public async Task UnsupportedEncodingIsUnimplementedAndAdvertisesWhatIsSupported()
    {
        var (response, _) = await PostAsync("/kite.test.Echo/Echo", [Frame(new StringValue())], configure: r => r.Headers.TryAddWithoutValidation("grpc-encoding", "snappy"));
        Assert.Equal("12", Header(response.Headers, "grpc-status"));
        Assert.Equal(GrpcProtocol.SupportedEncodings, Header(response.Headers, "grpc-accept-encoding"));
    }

    [Fact]
    public async Task MalformedTimeoutIsInternal()
    {
        var (response, _) = await PostAsync("/kite.test.Echo/Echo", [Frame(new StringValue())], configure: r => r.Headers.TryAddWithoutValidation("grpc-timeout", "soon"));
        Assert.Equal("13", Header(response.Headers, "grpc-status"));
    }

    [Fact]
    public async Task UnaryCallWithTwoRequestsIsInternal()
    {
        var (response, _) = await PostAsync("/kite.test.Echo/Echo", [Frame(new StringValue { Value = "a" }), Frame(new StringValue { Value = "b" })]);
        Assert.Equal("13", Header(response.Headers, "grpc-status"));
    }

    [Fact]
    public async Task CountersRecordStatusesAndRejections()
    {
        GrpcServiceRouter router = TestServices.Router();
        await using var server = await GrpcServer.StartAsync(new GrpcServerOptions { Enabled = true, BindAddress = "127.0.0.1:0" }, router);
        _http.BaseAddress = new Uri($"http://127.0.0.1:{server.Port}");
        await PostAsync("/kite.test.Echo/Echo", [Frame(new StringValue())]);
        await PostAsync("/kite.test.Echo/Nope", [Frame(new StringValue())]);
        await PostAsync("/kite.test.Echo/Echo", [Frame(new StringValue())], "text/plain");
        Assert.Equal(1, router.Counters[GrpcStatusCode.OK]);
        Assert.Equal(1, router.Counters[GrpcStatusCode.Unimplemented]);
        Assert.Equal(1, router.Counters.Rejected);
    }
}
