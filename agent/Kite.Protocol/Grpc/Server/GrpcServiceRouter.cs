using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kite.Protocol.Grpc.Server;

/// <summary>
/// Routes `/package.Service/Method` to handlers and speaks the gRPC side of HTTP/2: content-type and
/// encoding checks, `grpc-timeout` deadlines, message framing, status in trailers (or trailers-only
/// for calls that fail before any message). Unknown methods get UNIMPLEMENTED. Use
/// <see cref="HandleAsync"/> as the Kestrel request delegate (see <see cref="GrpcServer"/>).
/// </summary>
public sealed partial class GrpcServiceRouter
{
    private readonly Dictionary<string, Func<HttpContext, GrpcServerCallContext, Task>> _routes = new(StringComparer.Ordinal);
    private ILogger _logger = NullLogger.Instance;

    public int MaxReceiveMessageSize { get; init; } = GrpcProtocol.DefaultMaxReceiveMessageSize;

    public int MaxSendMessageSize { get; init; } = int.MaxValue;

    /// <summary>Calls answered by status code (includes OK); read for metrics.</summary>
    public GrpcCallCounters Counters { get; } = new();

    public IReadOnlyCollection<string> Paths => _routes.Keys;

    internal void SetLogger(ILogger logger) => _logger = logger;

    public GrpcServiceRouter MapUnary<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, Func<TRequest, GrpcServerCallContext, Task<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        Add(method.Path, async (http, context) =>
        {
            TRequest request = await ReadSingleRequestAsync(http, method, context).ConfigureAwait(false);
            TResponse response = await handler(request, context).ConfigureAwait(false);
            await WriteSingleResponseAsync(http, response, context).ConfigureAwait(false);
        });
        return this;
    }

    public GrpcServiceRouter MapServerStreaming<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, Func<TRequest, IGrpcStreamWriter<TResponse>, GrpcServerCallContext, Task> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        Add(method.Path, async (http, context) =>
        {
            TRequest request = await ReadSingleRequestAsync(http, method, context).ConfigureAwait(false);
            await handler(request, CreateWriter<TResponse>(http, context), context).ConfigureAwait(false);
        });
        return this;
    }

    public GrpcServiceRouter MapClientStreaming<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, Func<IGrpcStreamReader<TRequest>, GrpcServerCallContext, Task<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        Add(method.Path, async (http, context) =>
        {
            TResponse response = await handler(CreateReader(http, method.RequestParser), context).ConfigureAwait(false);
            await WriteSingleResponseAsync(http, response, context).ConfigureAwait(false);
        });
        return this;
    }

    public GrpcServiceRouter MapDuplexStreaming<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, Func<IGrpcStreamReader<TRequest>, IGrpcStreamWriter<TResponse>, GrpcServerCallContext, Task> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        Add(method.Path, (http, context) => handler(CreateReader(http, method.RequestParser), CreateWriter<TResponse>(http, context), context));
        return this;
    }

    private void Add(string path, Func<HttpContext, GrpcServerCallContext, Task> route)
    {
        if (!_routes.TryAdd(path, route))
            throw new InvalidOperationException($"{path} is already mapped");
    }

    private GrpcMessageStreamReader<T> CreateReader<T>(HttpContext http, MessageParser<T> parser)
        where T : class, IMessage<T>
    {
        string? encoding = http.Request.Headers[GrpcProtocol.EncodingHeader];
        return new GrpcMessageStreamReader<T>(new GrpcMessageReader(http.Request.Body, MaxReceiveMessageSize, encoding), parser);
    }

    private GrpcServerStreamWriter<T> CreateWriter<T>(HttpContext http, GrpcServerCallContext context)
        where T : IMessage<T>
    {
        var writer = new GrpcServerStreamWriter<T>(http.Response, MaxSendMessageSize, context.CancellationToken);
        http.Items[typeof(GrpcServerStreamWriter<>)] = (Func<Task>)writer.CloseAsync;
        return writer;
    }

    private async Task<TRequest> ReadSingleRequestAsync<TRequest, TResponse>(HttpContext http, GrpcMethod<TRequest, TResponse> method, GrpcServerCallContext context)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var reader = CreateReader(http, method.RequestParser);
        if (!await reader.MoveNextAsync(context.CancellationToken).ConfigureAwait(false))
            throw new GrpcException(GrpcStatusCode.Internal, $"{method.Path} expects one request message and got none");
        TRequest request = reader.Current;
        if (await reader.MoveNextAsync(context.CancellationToken).ConfigureAwait(false))
            throw new GrpcException(GrpcStatusCode.Internal, $"{method.Path} expects one request message and got more");
        return request;
    }

    private async Task WriteSingleResponseAsync<TResponse>(HttpContext http, TResponse response, GrpcServerCallContext context)
        where TResponse : IMessage<TResponse>
    {
        // A handler that set an error status sends no message (trailers-only).
        if (context.Status.IsOk)
            await GrpcMessageWriter.WriteAsync(http.Response.Body, response, MaxSendMessageSize, context.CancellationToken).ConfigureAwait(false);
    }
}
