using System.Net;
using System.Text.Json;
using Kite.Agent.Configuration;
using Kite.Agent.Diagnostics;
using Kite.Agent.Tests.Outputs;
using Kite.Agent.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kite.Agent.Tests.Web;

/// <summary>The webserver on a real loopback socket.</summary>
public sealed class AgentWebServerTests : IAsyncLifetime
{
    private readonly AgentMetrics _metrics = new();
    private readonly AgentHealth _health = new(TimeSpan.FromSeconds(30));
    private readonly HttpClient _client = new();
    private AgentWebServer _server = null!;

    private static WebserverConfig Loopback => new() { ListenAddress = "127.0.0.1", ListenPort = 0 };

    public async Task InitializeAsync()
    {
        _server = AgentWebServer.Create(Loopback, _health, _metrics, NullLoggerFactory.Instance,
            mapAuditWebhook: (endpoints, path) => endpoints.MapPost(path, (RequestDelegate)(ctx => ctx.Response.WriteAsync("audit mounted"))));
        await _server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _client.Dispose();
    }

    private Uri Url(string path) => new(_server.Addresses[0], path);

    [Fact]
    public async Task ThreadinessSetsKestrelsSocketQueuesAndTheServerStillServes()
    {
        await using var server = AgentWebServer.Create(Loopback with { Threadiness = 3 }, _health, _metrics, NullLoggerFactory.Instance);
        await server.StartAsync();

        Assert.Equal(3, server.IOQueueCount);
        Assert.Equal(Math.Min(Environment.ProcessorCount, 16), _server.IOQueueCount); // 0: Kestrel's default
        using var response = await _client.GetAsync(new Uri(server.Addresses[0], "/versions"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HealthzGoesFrom503To200AsTheAgentComesUp()
    {
        using (HttpResponseMessage starting = await _client.GetAsync(Url("/healthz")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, starting.StatusCode);
            using JsonDocument doc = JsonDocument.Parse(await starting.Content.ReadAsStringAsync());
            Assert.Equal("unhealthy", doc.RootElement.GetProperty("status").GetString());
            Assert.Equal("starting: the probe is not attached yet", doc.RootElement.GetProperty("reason").GetString());
        }

        _health.ProbeAttached();
        _health.ObserveEvents(5);

        using (HttpResponseMessage up = await _client.GetAsync(Url("/healthz")))
        {
            Assert.Equal(HttpStatusCode.OK, up.StatusCode);
            Assert.Equal("{\"status\":\"ok\"}", await up.Content.ReadAsStringAsync());
        }

        _health.ProbeDetached("probe detached");
        using HttpResponseMessage down = await _client.GetAsync(Url("/healthz"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
    }

    [Fact]
    public async Task MetricsEndpointServesStrictPrometheusText()
    {
        _metrics.Alerts.For("Rule \"x\"", "Critical").Increment();

        using HttpResponseMessage response = await _client.GetAsync(Url("/metrics"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var families = PrometheusTextParser.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Rule \"x\"", families["kite_alerts_total"].Samples.Single().Labels["rule"]);
    }

    [Fact]
    public async Task VersionsListsKiteVersion()
    {
        using HttpResponseMessage response = await _client.GetAsync(Url("/versions"));

        using JsonDocument doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(BuildInfo.Version, doc.RootElement.GetProperty("kite_version").GetString());
    }

    [Fact]
    public async Task AuditWebhookIsMountedAtTheConfiguredEndpoint()
    {
        using HttpResponseMessage response = await _client.PostAsync(Url("/k8s-audit"), new StringContent("{}"));

        Assert.Equal("audit mounted", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownPathIs404()
    {
        using HttpResponseMessage response = await _client.GetAsync(Url("/nope"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task MetricsCanBeDisabledAndHealthzMoved()
    {
        await using AgentWebServer server = AgentWebServer.Create(Loopback with { PrometheusMetricsEnabled = false, K8sHealthzEndpoint = "/live" }, _health, _metrics, NullLoggerFactory.Instance);
        await server.StartAsync();

        using HttpResponseMessage metrics = await _client.GetAsync(new Uri(server.Addresses[0], "/metrics"));
        using HttpResponseMessage live = await _client.GetAsync(new Uri(server.Addresses[0], "/live"));

        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, live.StatusCode);
    }

    [Fact]
    public async Task ServesHttpsWithTheConfiguredPemCertificate()
    {
        string dir = Directory.CreateTempSubdirectory("kite-web-tls-").FullName;
        try
        {
            using var certs = new TestCertificates(dir);
            await using AgentWebServer server = AgentWebServer.Create(Loopback with { SslEnabled = true, SslCertificate = certs.ServerPemPath }, _health, _metrics, NullLoggerFactory.Instance);
            await server.StartAsync();
            using var handler = new SocketsHttpHandler();
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) =>
            {
                using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
                chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(certs.Ca);
                chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
                return chain.Build(new System.Security.Cryptography.X509Certificates.X509Certificate2(cert!));
            };
            using var client = new HttpClient(handler);

            Assert.Equal("https", server.Addresses[0].Scheme);
            using HttpResponseMessage response = await client.GetAsync(new Uri(server.Addresses[0], "/versions"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void UnreadableCertificateIsAOneLineConfigError()
    {
        var e = Assert.Throws<ConfigException>(() => AgentWebServer.Create(Loopback with { SslEnabled = true, SslCertificate = "/nonexistent/kite.pem" }, _health, _metrics, NullLoggerFactory.Instance));

        Assert.StartsWith("webserver.ssl_certificate: cannot load '/nonexistent/kite.pem'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
