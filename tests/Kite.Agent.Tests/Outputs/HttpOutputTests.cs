using System.Text.Json;
using Kite.Agent.Configuration;
using Kite.Agent.Diagnostics;
using Kite.Agent.Outputs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kite.Agent.Tests.Outputs;

/// <summary>The HTTP output against a real Kestrel receiver on loopback.</summary>
public sealed class HttpOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kite-http-").FullName;
    private readonly AgentMetrics _metrics = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private HttpOutput Create(string url, bool json = true, HttpOutputConfig? config = null, int attempts = 3) => new(
        (config ?? new HttpOutputConfig()) with { Enabled = true, Url = url, Retry = new HttpRetryConfig { MaxAttempts = attempts, InitialBackoffMs = 20, MaxBackoffMs = 200 } },
        new AlertFormatter(new AlertFormatConfig { Json = json }, "h", TimeZoneInfo.Utc),
        TimeSpan.FromSeconds(5),
        _metrics,
        NullLogger.Instance);

    [Fact]
    public async Task PostsJsonAlertWithUserAgent()
    {
        await using AlertReceiver receiver = await AlertReceiver.StartAsync();
        await using HttpOutput output = Create($"http://127.0.0.1:{receiver.Port}/", config: new HttpOutputConfig { UserAgent = "falcosecurity/falco" });

        await output.WriteAsync(TestAlerts.Make(), default);

        ReceivedRequest request = Assert.Single(receiver.Requests);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.Equal("falcosecurity/falco", request.UserAgent);
        using JsonDocument doc = JsonDocument.Parse(request.Body);
        Assert.Equal("Read sensitive file untrusted", doc.RootElement.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task WithoutKeepAliveEachRequestClosesTheConnection()
    {
        await using AlertReceiver receiver = await AlertReceiver.StartAsync();
        await using HttpOutput output = Create($"http://127.0.0.1:{receiver.Port}/", config: new HttpOutputConfig { KeepAlive = false });

        await output.WriteAsync(TestAlerts.Make(n: 1), default);
        await output.WriteAsync(TestAlerts.Make(n: 2), default);

        Assert.Equal(2, receiver.Requests.Count);
        Assert.All(receiver.Requests, r => Assert.Equal("close", r.Connection, ignoreCase: true));
    }

    [Fact]
    public async Task TextOutputIsPostedAsPlainText()
    {
        await using AlertReceiver receiver = await AlertReceiver.StartAsync();
        await using HttpOutput output = Create($"http://127.0.0.1:{receiver.Port}/", json: false);

        await output.WriteAsync(TestAlerts.Make(), default);

        ReceivedRequest request = Assert.Single(receiver.Requests);
        Assert.StartsWith("text/plain", request.ContentType, StringComparison.Ordinal);
        Assert.Equal("23:01:02.123456789: Warning Sensitive file opened | file=/etc/shadow", request.Body);
    }

    [Fact]
    public async Task CompressUploadsSendsGzip()
    {
        await using AlertReceiver receiver = await AlertReceiver.StartAsync();
        await using HttpOutput output = Create($"http://127.0.0.1:{receiver.Port}/", config: new HttpOutputConfig { CompressUploads = true });

        await output.WriteAsync(TestAlerts.Make(), default);

        ReceivedRequest request = Assert.Single(receiver.Requests);
        Assert.Equal("gzip", request.ContentEncoding);
        Assert.Contains("\"rule\":\"Read sensitive file untrusted\"", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerErrorsAreRetriedThenGivenUpAndCounted()
    {
        await using AlertReceiver receiver = await AlertReceiver.StartAsync();
        receiver.StatusCode = 503;
        await using HttpOutput output = Create($"http://127.0.0.1:{receiver.Port}/", attempts: 3);

        var e = await Assert.ThrowsAsync<HttpRequestException>(async () => await output.WriteAsync(TestAlerts.Make(), default));

        Assert.Contains("after 3 attempts", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, receiver.Requests.Count);
        Assert.Equal(2, _metrics.OutputRetries.ValueOf("http"));
    }

    [Fact]
    public async Task ClientErrorsAreNotRetried()
    {
        await using AlertReceiver receiver = await AlertReceiver.StartAsync();
        receiver.StatusCode = 400;
        await using HttpOutput output = Create($"http://127.0.0.1:{receiver.Port}/", attempts: 5);

        await Assert.ThrowsAsync<HttpRequestException>(async () => await output.WriteAsync(TestAlerts.Make(), default));

        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task ErrorsNeverShowCredentialsOfTheUrl()
    {
        await using AlertReceiver receiver = await AlertReceiver.StartAsync();
        receiver.StatusCode = 401;
        await using HttpOutput output = Create($"http://user:hunter2@127.0.0.1:{receiver.Port}/?token=s3cr3t");

        var e = await Assert.ThrowsAsync<HttpRequestException>(async () => await output.WriteAsync(TestAlerts.Make(), default));

        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiverGoingDownAndComingBackLosesNoAlert()
    {
        AlertReceiver receiver = await AlertReceiver.StartAsync();
        int port = receiver.Port;
        await receiver.DisposeAsync();
        var config = new AgentConfig
        {
            StdoutOutput = new StdoutOutputConfig { Enabled = false },
            HttpOutput = new HttpOutputConfig { Enabled = true, Url = $"http://127.0.0.1:{port}/", Retry = new HttpRetryConfig { MaxAttempts = 50, InitialBackoffMs = 20, MaxBackoffMs = 100 } },
            Format = new AlertFormatConfig { Json = true },
        };
        List<IAlertOutput> outputs = AlertOutputFactory.Create(config, _metrics, NullLoggerFactory.Instance, "h");
        var dispatcher = new OutputDispatcher(OutputDispatcherOptions.From(config, "h"), outputs, _metrics, NullLogger.Instance);
        dispatcher.Start();

        for (int i = 1; i <= 20; i++)
            Assert.True(dispatcher.TryEnqueue(TestAlerts.Make(n: i)));
        await Task.Delay(300);
        await using AlertReceiver back = await AlertReceiver.StartAsync(port);
        await dispatcher.ShutdownAsync();

        int[] received = [.. back.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("output_fields").GetProperty("n").GetInt32())];
        Assert.Equal(Enumerable.Range(1, 20), received);
        Assert.True(_metrics.OutputRetries.ValueOf("http") > 0);
        Assert.Equal(0, _metrics.OutputFailures.ValueOf("http"));
        Assert.Equal(20, _metrics.OutputSent.ValueOf("http"));
    }

    [Fact]
    public async Task MutualTlsWithTestTimeCertificates()
    {
        using var certs = new TestCertificates(_dir);
        await using AlertReceiver receiver = await AlertReceiver.StartAsync(serverCertificate: certs.Server, clientCa: certs.Ca);
        var config = new HttpOutputConfig { CaCert = certs.CaPath, Mtls = true, ClientCert = certs.ClientCertPath, ClientKey = certs.ClientKeyPath };
        await using HttpOutput output = Create($"https://127.0.0.1:{receiver.Port}/", config: config);

        await output.WriteAsync(TestAlerts.Make(), default);

        ReceivedRequest request = Assert.Single(receiver.Requests);
        Assert.Equal("CN=kite-agent", request.ClientSubject);
    }

    [Fact]
    public async Task TlsWithoutClientCertificateIsRefusedByAnMtlsServer()
    {
        using var certs = new TestCertificates(_dir);
        await using AlertReceiver receiver = await AlertReceiver.StartAsync(serverCertificate: certs.Server, clientCa: certs.Ca);
        await using HttpOutput output = Create($"https://127.0.0.1:{receiver.Port}/", config: new HttpOutputConfig { CaCert = certs.CaPath }, attempts: 1);

        await Assert.ThrowsAsync<HttpRequestException>(async () => await output.WriteAsync(TestAlerts.Make(), default));

        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task ServerCertificateFromAnUntrustedCaIsRejectedUnlessInsecure()
    {
        using var certs = new TestCertificates(_dir);
        await using AlertReceiver receiver = await AlertReceiver.StartAsync(serverCertificate: certs.Server);
        string url = $"https://127.0.0.1:{receiver.Port}/";

        await using (HttpOutput strict = Create(url, attempts: 1))
            await Assert.ThrowsAsync<HttpRequestException>(async () => await strict.WriteAsync(TestAlerts.Make(), default));
        await using (HttpOutput insecure = Create(url, config: new HttpOutputConfig { Insecure = true }))
            await insecure.WriteAsync(TestAlerts.Make(), default);

        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task CaPathFolderIsTrusted()
    {
        using var certs = new TestCertificates(_dir);
        string caDir = Directory.CreateDirectory(Path.Combine(_dir, "cas")).FullName;
        File.Copy(certs.CaPath, Path.Combine(caDir, "kite-ca.pem"));
        await using AlertReceiver receiver = await AlertReceiver.StartAsync(serverCertificate: certs.Server);
        await using HttpOutput output = Create($"https://127.0.0.1:{receiver.Port}/", config: new HttpOutputConfig { CaPath = caDir });

        await output.WriteAsync(TestAlerts.Make(), default);

        Assert.Single(receiver.Requests);
    }
}
