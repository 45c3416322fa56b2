using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Kite.Agent.Configuration;
using Kite.Agent.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kite.Agent.Web;

/// <summary>
/// The agent's webserver (falco.yaml `webserver`): health for Kubernetes probes, /versions,
/// Prometheus /metrics and, mounted by the integrator, the k8s audit webhook. Kestrel with only
/// what these endpoints need (no MVC, no reflection-based endpoint binding), TLS when ssl_enabled.
/// </summary>
internal sealed class AgentWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ILogger _logger;
    private bool _started;

    private AgentWebServer(WebApplication app, ILogger logger)
    {
        _app = app;
        _logger = logger;
    }

    /// <summary>Socket I/O queues Kestrel was given (webserver.threadiness, or the default when 0).</summary>
    public int IOQueueCount => _app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets.SocketTransportOptions>>().Value.IOQueueCount;

    /// <summary>The URLs Kestrel listens on once started (the real port when listen_port is 0).</summary>
    public IReadOnlyList<Uri> Addresses { get; private set; } = [];

    /// <summary>
    /// Builds the server. <paramref name="mapAuditWebhook"/> is where the k8s audit webhook is mounted:
    /// called with the endpoint route builder and webserver.k8s_audit_endpoint, e.g.
    /// <c>(endpoints, path) =&gt; endpoints.MapK8sAuditWebhook(path, ...)</c>. Throws
    /// <see cref="ConfigException"/> when the TLS certificate cannot be loaded.
    /// </summary>
    public static AgentWebServer Create(
        WebserverConfig config,
        AgentHealth health,
        AgentMetrics metrics,
        ILoggerFactory loggers,
        Action<IEndpointRouteBuilder, string>? mapAuditWebhook = null,
        IReadOnlyDictionary<string, string>? versions = null)
    {
        X509Certificate2? certificate = config.SslEnabled ? LoadCertificate(config.SslCertificate) : null;
        IPAddress address = config.ListenAddress == "localhost" ? IPAddress.Loopback : IPAddress.Parse(config.ListenAddress);

        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggers);
        builder.Services.AddRoutingCore();
        // webserver.threadiness: Kestrel has no thread count of its own; the closest knob is the number of
        // socket I/O queues (0 keeps Kestrel's default, one per core).
        if (config.Threadiness > 0)
            builder.WebHost.UseSockets(sockets => sockets.IOQueueCount = config.Threadiness);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 32 * 1024 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Listen(address, config.ListenPort, listen =>
            {
                if (certificate is not null)
                    listen.UseHttps(certificate);
            });
        });
        WebApplication app = builder.Build();

        byte[] versionsJson = VersionsJson(versions ?? DefaultVersions());
        app.MapGet(config.K8sHealthzEndpoint, (RequestDelegate)(ctx => WriteHealth(ctx, health)));
        app.MapGet("/versions", (RequestDelegate)(ctx =>
        {
            ctx.Response.ContentType = "application/json";
            return ctx.Response.Body.WriteAsync(versionsJson).AsTask();
        }));
        if (config.PrometheusMetricsEnabled)
        {
            app.MapGet("/metrics", (RequestDelegate)(ctx =>
            {
                ctx.Response.ContentType = PrometheusTextWriter.ContentType;
                return ctx.Response.WriteAsync(metrics.ToPrometheusText());
            }));
        }
        // The k8s audit webhook (Audit/, owned by the defaults engineer) is mounted here by the integrator.
        mapAuditWebhook?.Invoke(app, config.K8sAuditEndpoint);
        return new AgentWebServer(app, loggers.CreateLogger("Kite.Agent.Web"));
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        _started = true;
        ICollection<string> urls = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Addresses = [.. urls.Select(u => new Uri(u))];
        AgentLog.WebserverListening(_logger, string.Join(", ", urls));
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!_started)
            return;
        _started = false;
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        AgentLog.WebserverStopped(_logger);
    }

    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            await StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The versions /versions reports when the integrator passes none.</summary>
    public static Dictionary<string, string> DefaultVersions() => new(StringComparer.Ordinal)
    {
        ["kite_version"] = BuildInfo.Version,
        ["machine"] = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
        ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        ["dotnet_version"] = Environment.Version.ToString(),
    };

    private static Task WriteHealth(HttpContext ctx, AgentHealth health)
    {
        HealthStatus status = health.Check();
        ctx.Response.StatusCode = status.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        ctx.Response.ContentType = "application/json";
        ctx.Response.Headers.CacheControl = "no-store";
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("status", status.Healthy ? "ok" : "unhealthy");
            if (!status.Healthy)
                w.WriteString("reason", status.Reason);
            w.WriteEndObject();
        }
        return ctx.Response.Body.WriteAsync(buffer.ToArray()).AsTask();
    }

    private static byte[] VersionsJson(IReadOnlyDictionary<string, string> versions)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var (key, value) in versions.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                w.WriteString(key, value);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Falco's convention: one PEM file with the private key and the certificate (chain).</summary>
    private static X509Certificate2 LoadCertificate(string path)
    {
        try
        {
            using X509Certificate2 pem = X509Certificate2.CreateFromPemFile(path, path);
            // Through PKCS#12 so the key is usable by the TLS stack for a server certificate.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is CryptographicException or IOException or ArgumentException)
        {
            throw new ConfigException($"webserver.ssl_certificate: cannot load '{path}': {e.Message} (expected one PEM file with the private key and the certificate)");
        }
    }
}
