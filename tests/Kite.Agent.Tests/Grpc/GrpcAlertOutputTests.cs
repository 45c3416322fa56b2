using Kite.Agent.Outputs.Grpc;
using Kite.Protocol.Alerts;
using Kite.Protocol.Grpc.Server;

namespace Kite.Agent.Tests.Grpc;

/// <summary>grpc_output pushing to a real receiver over HTTP/2 on a unix socket; acks drive forgetting.</summary>
public sealed class GrpcAlertOutputTests : IDisposable
{
    private static readonly TimeSpan s_flushTimeout = TimeSpan.FromSeconds(60);
    private readonly TempPaths _temp = new();

    public void Dispose() => _temp.Dispose();

    private string SocketAddress => "unix://" + _temp.File("sidekick.sock");

    private GrpcOutputOptions Options(int batchSize = 64) => new()
    {
        Enabled = true,
        Address = SocketAddress,
        BatchSize = batchSize,
        InitialBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(400),
        AckTimeout = TimeSpan.FromSeconds(2),
        ShutdownTimeout = TimeSpan.FromSeconds(1),
    };

    private async Task FlushAsync(GrpcAlertOutput output)
    {
        using var cts = new CancellationTokenSource(s_flushTimeout);
        await output.FlushAsync(cts.Token);
    }

    [Fact]
    public async Task AcknowledgedAlertsAreForgottenAndArriveIntact()
    {
        await using var receiver = await IngestReceiver.StartAsync(new GrpcServerOptions { BindAddress = SocketAddress });
        await using var output = new GrpcAlertOutput(Options());
        for (int i = 0; i < 500; i++)
            await output.WriteAsync(SampleAlerts.Create(i), default);
        await FlushAsync(output);

        Assert.Equal(0, output.Buffered);
        Assert.Equal(500, output.Acknowledged);
        Assert.Equal(0, output.Dropped);
        Assert.Equal(500, receiver.DistinctRules().Count);
        Alert sent = SampleAlerts.Create(42);
        Alert got = receiver.Received.Single(a => a.Rule == "rule 42");
        Assert.Equal(AlertJson.ToJson(sent), AlertJson.ToJson(got));
    }

    [Fact]
    public async Task ReceiverGoingDownAndComingBackLosesNoAlert()
    {
        var first = await IngestReceiver.StartAsync(new GrpcServerOptions { BindAddress = SocketAddress });
        // The first receiver takes 100 alerts, then stops acknowledging and dies with batches in flight.
        first.Hold = taken => taken >= 100;
        await using var output = new GrpcAlertOutput(Options(batchSize: 50));
        for (int i = 0; i < 300; i++)
            await output.WriteAsync(SampleAlerts.Create(i), default);
        await SampleAlerts.WaitUntilAsync(() => first.Received.Count >= 100 && output.BatchesSent >= 3, "the first receiver to take 100 alerts");
        await first.DisposeAsync();
        // Whatever the first receiver did not acknowledge is still held.
        Assert.True(output.Buffered >= 300 - first.Received.Count && output.Buffered > 0, $"only {output.Buffered} alerts are held after the receiver died");

        // Alerts written while nobody listens are kept too.
        for (int i = 300; i < 400; i++)
            await output.WriteAsync(SampleAlerts.Create(i), default);
        await SampleAlerts.WaitUntilAsync(() => output.Reconnects >= 2, "reconnect attempts against the dead receiver");

        await using var second = await IngestReceiver.StartAsync(new GrpcServerOptions { BindAddress = SocketAddress });
        await FlushAsync(output);

        var all = first.DistinctRules();
        all.UnionWith(second.DistinctRules());
        Assert.Equal(400, all.Count);
        Assert.Equal(0, output.Buffered);
        Assert.Equal(0, output.Dropped);
    }

    [Fact]
    public async Task UnacknowledgedBatchIsResentAfterTheAckTimeout()
    {
        await using var receiver = await IngestReceiver.StartAsync(new GrpcServerOptions { BindAddress = SocketAddress });
        int holds = 0;
        // Hold only the very first batch: its call must time out and the batch be sent again.
        receiver.Hold = _ => Interlocked.Increment(ref holds) == 1;
        await using var output = new GrpcAlertOutput(Options() with { AckTimeout = TimeSpan.FromMilliseconds(500) });
        for (int i = 0; i < 10; i++)
            await output.WriteAsync(SampleAlerts.Create(i), default);
        await FlushAsync(output);

        Assert.True(output.Reconnects >= 1);
        Assert.Contains("not acknowledged", output.LastError, StringComparison.Ordinal);
        Assert.Equal(10, receiver.DistinctRules().Count);
        Assert.True(output.BatchesSent >= 2);
    }

    [Fact]
    public async Task FullBufferDropsNewAlertsAndCountsThem()
    {
        await using var output = new GrpcAlertOutput(Options(batchSize: 5) with { MaxBufferedAlerts = 10 });
        for (int i = 0; i < 25; i++)
            await output.WriteAsync(SampleAlerts.Create(i), default);
        Assert.Equal(10, output.Buffered);
        Assert.Equal(15, output.Dropped);

        // The oldest ten are the ones kept, and they arrive once a receiver shows up.
        await using var receiver = await IngestReceiver.StartAsync(new GrpcServerOptions { BindAddress = SocketAddress });
        await FlushAsync(output);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"rule {i}").ToHashSet(), receiver.DistinctRules());
    }

    [Theory]
    [InlineData(0, 8, 100, "batch_size")]
    [InlineData(10, 0, 100, "max_in_flight_batches")]
    [InlineData(10, 8, 5, "max_buffered_alerts")]
    public void InvalidOptionsAreRefusedWithTheKeyName(int batchSize, int inFlight, int maxBuffered, string key)
    {
        var options = Options() with { BatchSize = batchSize, MaxInFlightBatches = inFlight, MaxBufferedAlerts = maxBuffered };
        var e = Assert.Throws<InvalidOperationException>(() => new GrpcAlertOutput(options));
        Assert.Contains(key, e.Message, StringComparison.Ordinal);
    }
}
