using Google.Protobuf.WellKnownTypes;
using Kite.Protocol.Grpc;
using Kite.Protocol.Grpc.Client;
using Kite.Protocol.Grpc.Server;

namespace Kite.Agent.Tests.Grpc;

public sealed class GrpcUnaryCallTests : IAsyncLifetime
{
    private readonly TempPaths _temp = new();
    private readonly TaskCompletionSource _slowCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _slowStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private GrpcServer _tcp = null!;
    private GrpcServer _unix = null!;
    private GrpcChannel _tcpChannel = null!;
    private GrpcChannel _unixChannel = null!;

    public async Task InitializeAsync()
    {
        GrpcServiceRouter router = TestServices.Router(_slowCancelled, _slowStarted);
        _tcp = await GrpcServer.StartAsync(new GrpcServerOptions { Enabled = true, BindAddress = "127.0.0.1:0" }, router);
        _unix = await GrpcServer.StartAsync(new GrpcServerOptions { Enabled = true, BindAddress = "unix://" + _temp.File("kite.sock") }, router);
        _tcpChannel = GrpcChannel.Create(new GrpcChannelOptions { Address = $"127.0.0.1:{_tcp.Port}" });
        _unixChannel = GrpcChannel.Create(new GrpcChannelOptions
        {
            Address = _unix.ClientAddress,
            DefaultHeaders = new Dictionary<string, string> { ["containerd-namespace"] = "k8s.io" },
        });
    }

    public async Task DisposeAsync()
    {
        _tcpChannel.Dispose();
        _unixChannel.Dispose();
        await _tcp.DisposeAsync();
        await _unix.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task UnaryCallOverTcpReturnsTheResponse()
    {
        StringValue reply = await _tcpChannel.UnaryAsync(TestServices.Echo, new StringValue { Value = "hi" });
        Assert.Equal("echo: hi", reply.Value);
    }

    [Fact]
    public async Task UnaryCallOverUnixSocketCarriesDefaultAndPerCallMetadata()
    {
        Assert.Equal("k8s.io", (await _unixChannel.UnaryAsync(TestServices.Metadata, new StringValue { Value = "containerd-namespace" })).Value);
        var options = new GrpcCallOptions { Headers = new Dictionary<string, string> { ["x-trace"] = "abc" } };
        Assert.Equal("abc", (await _unixChannel.UnaryAsync(TestServices.Metadata, new StringValue { Value = "x-trace" }, options)).Value);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task UnixSocketIsCreatedWithOwnerAndGroupPermissionsOnly()
    {
        UnixFileMode mode = File.GetUnixFileMode(_unix.UnixSocketPath!);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, mode);
        Assert.Equal("echo: x", (await _unixChannel.UnaryAsync(TestServices.Echo, new StringValue { Value = "x" })).Value);
    }

    [Fact]
    public async Task HandlerStatusReachesTheClientWithDecodedMessageAndTrailers()
    {
        var e = await Assert.ThrowsAsync<GrpcException>(() => _tcpChannel.UnaryAsync(TestServices.Fail, new StringValue { Value = "bad input: 100% ünïcode\n" }));
        Assert.Equal(GrpcStatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal("bad input: 100% ünïcode\n", e.Status.Detail);
        Assert.Equal("failed-on-purpose", e.Trailers["kite-detail"]);
    }

    [Fact]
    public async Task UnknownMethodIsUnimplemented()
    {
        var e = await Assert.ThrowsAsync<GrpcException>(() => _tcpChannel.UnaryAsync(TestServices.Missing, new StringValue()));
        Assert.Equal(GrpcStatusCode.Unimplemented, e.StatusCode);
        Assert.Contains("/kite.test.Echo/Missing", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandlerExceptionIsUnknownWithoutLeakingItsMessage()
    {
        var e = await Assert.ThrowsAsync<GrpcException>(() => _tcpChannel.UnaryAsync(TestServices.Throw, new StringValue()));
        Assert.Equal(GrpcStatusCode.Unknown, e.StatusCode);
        Assert.DoesNotContain("secret", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestOverServerLimitIsResourceExhausted()
    {
        var e = await Assert.ThrowsAsync<GrpcException>(() => _tcpChannel.UnaryAsync(TestServices.Echo, new StringValue { Value = new string('x', 4096) }));
        Assert.Equal(GrpcStatusCode.ResourceExhausted, e.StatusCode);
    }

    [Fact]
    public async Task ResponseOverClientLimitIsResourceExhausted()
    {
        using var small = GrpcChannel.Create(new GrpcChannelOptions { Address = $"127.0.0.1:{_tcp.Port}", MaxReceiveMessageSize = 8 });
        var e = await Assert.ThrowsAsync<GrpcException>(() => small.UnaryAsync(TestServices.Echo, new StringValue { Value = "longer than eight bytes" }));
        Assert.Equal(GrpcStatusCode.ResourceExhausted, e.StatusCode);
    }

    [Fact]
    public async Task DeadlineExceededFailsTheCallAndCancelsTheHandler()
    {
        var options = new GrpcCallOptions { Timeout = TimeSpan.FromMilliseconds(500) };
        var e = await Assert.ThrowsAsync<GrpcException>(() => _tcpChannel.UnaryAsync(TestServices.Slow, new StringValue(), options));
        Assert.Equal(GrpcStatusCode.DeadlineExceeded, e.StatusCode);
        // On a loaded machine the deadline may pass before the request reaches the handler at all.
        if (_slowStarted.Task.IsCompleted)
            await _slowCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ClientCancellationResetsTheStreamAndCancelsTheHandler()
    {
        using var cts = new CancellationTokenSource();
        Task<StringValue> call = _unixChannel.UnaryAsync(TestServices.Slow, new StringValue(), new GrpcCallOptions { CancellationToken = cts.Token });
        await _slowStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cts.CancelAsync();
        var e = await Assert.ThrowsAsync<GrpcException>(() => call);
        Assert.Equal(GrpcStatusCode.Cancelled, e.StatusCode);
        await _slowCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task NothingListeningIsUnavailable()
    {
        using var channel = GrpcChannel.Create(new GrpcChannelOptions { Address = "unix://" + _temp.File("nobody.sock") });
        var e = await Assert.ThrowsAsync<GrpcException>(() => channel.UnaryAsync(TestServices.Echo, new StringValue()));
        Assert.Equal(GrpcStatusCode.Unavailable, e.StatusCode);
    }

    [Fact]
    public async Task ReservedMetadataNamesAreRefused()
    {
        var options = new GrpcCallOptions { Headers = new Dictionary<string, string> { ["grpc-status"] = "0" } };
        await Assert.ThrowsAsync<ArgumentException>(() => _tcpChannel.UnaryAsync(TestServices.Echo, new StringValue(), options));
    }
}
