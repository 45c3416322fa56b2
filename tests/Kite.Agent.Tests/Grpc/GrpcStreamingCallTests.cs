using Google.Protobuf.WellKnownTypes;
using Kite.Protocol.Grpc;
using Kite.Protocol.Grpc.Client;
using Kite.Protocol.Grpc.Server;

namespace Kite.Agent.Tests.Grpc;

public sealed class GrpcStreamingCallTests : IAsyncLifetime
{
    private GrpcServer _server = null!;
    private GrpcChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _server = await GrpcServer.StartAsync(new GrpcServerOptions { Enabled = true, BindAddress = "127.0.0.1:0" }, TestServices.Router());
        _channel = GrpcChannel.Create(new GrpcChannelOptions { Address = _server.ClientAddress });
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ServerStreamingDeliversEveryMessageThenOk()
    {
        await using var call = _channel.ServerStreaming(TestServices.Count, new Int32Value { Value = 50 });
        var values = new List<int>();
        await foreach (Int32Value v in call.ResponseStream.ReadAllAsync())
            values.Add(v.Value);
        Assert.Equal(Enumerable.Range(1, 50), values);
        Assert.Equal(GrpcStatusCode.OK, call.GetStatus().Code);
    }

    [Fact]
    public async Task ClientStreamingSendsEveryRequestAndGetsOneResponse()
    {
        await using var call = _channel.ClientStreaming(TestServices.Sum);
        for (int i = 1; i <= 100; i++)
            await call.RequestStream.WriteAsync(new Int32Value { Value = i });
        await call.RequestStream.CompleteAsync();
        Assert.Equal(5050, (await call.ResponseAsync).Value);
        Assert.True(call.GetStatus().IsOk);
    }

    [Fact]
    public async Task DuplexStreamingAnswersEachRequestAsItArrives()
    {
        await using var call = _channel.DuplexStreaming(TestServices.Chat);
        foreach (string word in new[] { "alpha", "beta", "gamma" })
        {
            await call.RequestStream.WriteAsync(new StringValue { Value = word });
            Assert.True(await call.ResponseStream.MoveNextAsync());
            Assert.Equal(word.ToUpperInvariant(), call.ResponseStream.Current.Value);
        }
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNextAsync());
        Assert.True(call.GetStatus().IsOk);
    }

    [Fact]
    public async Task OversizedStreamedRequestEndsTheCallWithResourceExhausted()
    {
        await using var call = _channel.DuplexStreaming(TestServices.Chat);
        await call.RequestStream.WriteAsync(new StringValue { Value = "small" });
        Assert.True(await call.ResponseStream.MoveNextAsync());
        await call.RequestStream.WriteAsync(new StringValue { Value = new string('x', 2048) });
        var e = await Assert.ThrowsAsync<GrpcException>(async () => await call.ResponseStream.MoveNextAsync());
        Assert.Equal(GrpcStatusCode.ResourceExhausted, e.StatusCode);
    }

    [Fact]
    public async Task ServerStreamingDeadlineStopsTheStream()
    {
        await using var call = _channel.ServerStreaming(TestServices.Count, new Int32Value { Value = int.MaxValue }, new GrpcCallOptions { Timeout = TimeSpan.FromMilliseconds(300) });
        var e = await Assert.ThrowsAsync<GrpcException>(async () =>
        {
            await foreach (Int32Value _ in call.ResponseStream.ReadAllAsync())
            {
            }
        });
        Assert.Equal(GrpcStatusCode.DeadlineExceeded, e.StatusCode);
    }

    [Fact]
    public async Task DisposingAnUnfinishedCallCancelsIt()
    {
        var call = _channel.ServerStreaming(TestServices.Count, new Int32Value { Value = int.MaxValue });
        Assert.True(await call.ResponseStream.MoveNextAsync());
        await call.DisposeAsync();
        Assert.Equal(GrpcStatusCode.Cancelled, call.GetStatus().Code);
        // The connection stays usable for the next call.
        Assert.Equal("echo: again", (await _channel.UnaryAsync(TestServices.Echo, new StringValue { Value = "again" })).Value);
    }

    [Fact]
    public async Task WritingToAFailedCallReportsItsStatus()
    {
        await using var call = _channel.DuplexStreaming(new GrpcMethod<StringValue, StringValue>(TestServices.Service, "Nope", GrpcMethodType.DuplexStreaming));
        var e = await Assert.ThrowsAsync<GrpcException>(async () => await call.ResponseStream.MoveNextAsync());
        Assert.Equal(GrpcStatusCode.Unimplemented, e.StatusCode);
        var write = await Assert.ThrowsAsync<GrpcException>(async () => await call.RequestStream.WriteAsync(new StringValue { Value = "x" }));
        Assert.Equal(GrpcStatusCode.Unimplemented, write.StatusCode);
    }
}
