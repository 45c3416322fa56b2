using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;

namespace Kite.Protocol.Grpc.Client;

/// <summary>
/// A connection to one gRPC server over HTTP/2 (HttpClient + SocketsHttpHandler): h2c with prior
/// knowledge over TCP or a unix socket, or TLS (optionally with a client certificate). Thread-safe;
/// create one per server and reuse it for every call.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private readonly HttpMessageInvoker _invoker;
    private readonly Uri _baseUri;

    private GrpcChannel(GrpcChannelOptions options, HttpMessageInvoker invoker, Uri baseUri, string? unixSocketPath)
    {
        Options = options;
        _invoker = invoker;
        _baseUri = baseUri;
        UnixSocketPath = unixSocketPath;
    }

    public GrpcChannelOptions Options { get; }

    /// <summary>The socket path for `unix://` addresses, else null.</summary>
    public string? UnixSocketPath { get; }

    public static GrpcChannel Create(GrpcChannelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        (Uri baseUri, string? socketPath) = ParseAddress(options.Address);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            KeepAlivePingDelay = options.KeepAlivePingDelay,
            KeepAlivePingTimeout = options.KeepAlivePingTimeout,
            KeepAlivePingPolicy = options.KeepAlivePingWithoutCalls ? HttpKeepAlivePingPolicy.Always : HttpKeepAlivePingPolicy.WithActiveRequests,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        if (socketPath is not null)
        {
            handler.ConnectCallback = async (_, cancellationToken) =>
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
            };
        }
        if (baseUri.Scheme == Uri.UriSchemeHttps)
            handler.SslOptions = BuildSslOptions(options);
        return new GrpcChannel(options, new HttpMessageInvoker(handler, disposeHandler: true), baseUri, socketPath);
    }

    /// <summary>Parses the address forms of <see cref="GrpcChannelOptions.Address"/>.</summary>
    internal static (Uri BaseUri, string? UnixSocketPath) ParseAddress(string address)
    {
        if (address.StartsWith("unix:", StringComparison.Ordinal))
        {
            // unix:///abs/path and unix:/abs/path (gRPC naming); unix:relative is taken as given.
            string path = address["unix:".Length..];
            if (path.StartsWith("//", StringComparison.Ordinal))
                path = path[2..];
            if (path.Length == 0)
                throw new ArgumentException($"gRPC address '{address}' names no socket path", nameof(address));
            return (new Uri("http://localhost"), path);
        }
        if (address.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || address.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            return (new Uri(address.TrimEnd('/')), null);
        if (Uri.TryCreate("http://" + address, UriKind.Absolute, out Uri? uri) && uri.Port > 0 && address.Contains(':', StringComparison.Ordinal))
            return (uri, null);
        throw new ArgumentException($"gRPC address '{address}' is not unix:///path, http(s)://host:port or host:port", nameof(address));
    }

    private static SslClientAuthenticationOptions BuildSslOptions(GrpcChannelOptions options)
    {
        var ssl = new SslClientAuthenticationOptions
        {
            ApplicationProtocols = [SslApplicationProtocol.Http2],
        };
        if (options.ClientCertificate is X509Certificate2 clientCert)
            ssl.ClientCertificates = [clientCert];
        if (options.ServerNameOverride is string sni)
            ssl.TargetHost = sni;
        X509Certificate2Collection? roots = options.RootCertificates;
        string? expectedName = options.ServerNameOverride;
        if (roots is not null || expectedName is not null)
        {
            ssl.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                if (certificate is null)
                    return false;
                var cert = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                bool nameOk = expectedName is null
                    ? (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
                    : cert.MatchesHostname(expectedName);
                if (!nameOk)
                    return false;
                if (roots is null)
                    return (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
                X509Certificate2Collection? intermediates = null;
                if (chain is not null)
                {
                    intermediates = [];
                    foreach (X509ChainElement element in chain.ChainElements)
                        intermediates.Add(element.Certificate);
                }
                return GrpcTlsFiles.ChainsTo(cert, roots, intermediates, clientAuth: false);
            };
        }
        return ssl;
    }

    /// <summary>A unary call: one request, one response. Throws <see cref="GrpcException"/> for any status but OK.</summary>
    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request, GrpcCallOptions? options = null)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        await using var call = Start(method, options, request);
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    /// <summary>A server-streaming call: read <see cref="GrpcCall{TRequest,TResponse}.ResponseStream"/> to its end.</summary>
    public GrpcCall<TRequest, TResponse> ServerStreaming<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request, GrpcCallOptions? options = null)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
        => Start(method, options, request);

    /// <summary>A client-streaming call: write requests, complete, then await <see cref="GrpcCall{TRequest,TResponse}.ResponseAsync"/>.</summary>
    public GrpcCall<TRequest, TResponse> ClientStreaming<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, GrpcCallOptions? options = null)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
        => Start(method, options, request: null);

    /// <summary>A bidirectional call: write requests and read responses concurrently.</summary>
    public GrpcCall<TRequest, TResponse> DuplexStreaming<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, GrpcCallOptions? options = null)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
        => Start(method, options, request: null);

    private GrpcCall<TRequest, TResponse> Start<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, GrpcCallOptions? options, TRequest? request)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        options ??= GrpcCallOptions.Default;
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_baseUri, method.Path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        message.Headers.TryAddWithoutValidation(GrpcProtocol.TeHeader, GrpcProtocol.TeTrailers);
        message.Headers.TryAddWithoutValidation("user-agent", "kite-grpc/" + typeof(GrpcChannel).Assembly.GetName().Version?.ToString(3));
        message.Headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.SupportedEncodings);
        if (options.Timeout is TimeSpan timeout)
            message.Headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(timeout));
        foreach ((string name, string value) in Options.DefaultHeaders)
            AddMetadata(message, name, value);
        if (options.Headers is not null)
        {
            foreach ((string name, string value) in options.Headers)
                AddMetadata(message, name, value);
        }
        var call = new GrpcCall<TRequest, TResponse>(method, Options, options);
        call.Start(_invoker, message, request);
        return call;
    }

    private static void AddMetadata(HttpRequestMessage message, string name, string value)
    {
        string lower = name.ToLowerInvariant();
        if (lower.StartsWith("grpc-", StringComparison.Ordinal) || lower.StartsWith(':') || lower is "content-type" or "te")
            throw new ArgumentException($"'{name}' is reserved by the gRPC protocol and cannot be sent as metadata", nameof(name));
        message.Headers.Remove(lower);
        if (!message.Headers.TryAddWithoutValidation(lower, value))
            throw new ArgumentException($"invalid metadata header '{name}'", nameof(name));
    }

    internal static MediaTypeHeaderValue ContentTypeHeader => new(GrpcProtocol.ContentType);

    public void Dispose() => _invoker.Dispose();
}
