using Google.Protobuf.WellKnownTypes;
using Kite.Protocol.Grpc;
using Kite.Protocol.Grpc.Server;

namespace Kite.Agent.Tests.Grpc;

/// <summary>A small test service on well-known types, so tests need no .proto of their own.</summary>
internal static class TestServices
{
    public const string Service = "kite.test.Echo";

    public static readonly GrpcMethod<StringValue, StringValue> Echo = new(Service, "Echo", GrpcMethodType.Unary);
    public static readonly GrpcMethod<StringValue, StringValue> Metadata = new(Service, "Metadata", GrpcMethodType.Unary);
    public static readonly GrpcMethod<StringValue, StringValue> Fail = new(Service, "Fail", GrpcMethodType.Unary);
    public static readonly GrpcMethod<StringValue, StringValue> Slow = new(Service, "Slow", GrpcMethodType.Unary);
    public static readonly GrpcMethod<StringValue, StringValue> Throw = new(Service, "Throw", GrpcMethodType.Unary);
    public static readonly GrpcMethod<Int32Value, Int32Value> Count = new(Service, "Count", GrpcMethodType.ServerStreaming);
    public static readonly GrpcMethod<Int32Value, Int32Value> Sum = new(Service, "Sum", GrpcMethodType.ClientStreaming);
    public static readonly GrpcMethod<StringValue, StringValue> Chat = new(Service, "Chat", GrpcMethodType.DuplexStreaming);
    public static readonly GrpcMethod<StringValue, StringValue> Missing = new(Service, "Missing", GrpcMethodType.Unary);

    /// <summary>Completes when a Slow call has been cancelled on the server (the client reset the stream).</summary>
    public static GrpcServiceRouter Router(TaskCompletionSource? slowCancelled = null, TaskCompletionSource? slowStarted = null) => new GrpcServiceRouter { MaxReceiveMessageSize = 1024 }
        .MapUnary(Echo, (request, _) => Task.FromResult(new StringValue { Value = "echo: " + request.Value }))
        .MapUnary(Metadata, (request, context) => Task.FromResult(new StringValue { Value = context.RequestHeaders[request.Value].ToString() }))
        .MapUnary(Fail, (request, context) =>
        {
            context.ResponseTrailers["kite-detail"] = "failed-on-purpose";
            throw new GrpcException(GrpcStatusCode.InvalidArgument, request.Value);
        })
        .MapUnary(Slow, async (request, context) =>
        {
            slowStarted?.TrySetResult();
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                slowCancelled?.TrySetResult();
                throw;
            }
            return request;
        })
        .MapUnary<StringValue, StringValue>(Throw, (_, _) => throw new InvalidOperationException("secret internals"))
        .MapServerStreaming(Count, async (request, responses, context) =>
        {
            for (int i = 1; i <= request.Value; i++)
                await responses.WriteAsync(new Int32Value { Value = i }, context.CancellationToken);
        })
        .MapClientStreaming(Sum, async (requests, context) =>
        {
            int sum = 0;
            await foreach (Int32Value v in requests.ReadAllAsync(context.CancellationToken))
                sum += v.Value;
            return new Int32Value { Value = sum };
        })
        .MapDuplexStreaming(Chat, async (requests, responses, context) =>
        {
            await foreach (StringValue v in requests.ReadAllAsync(context.CancellationToken))
                await responses.WriteAsync(new StringValue { Value = v.Value.ToUpperInvariant() }, context.CancellationToken);
        });
}
