using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;

namespace Kite.Agent.Tests.Outputs;

/// <summary>
/// A real Kestrel server on 127.0.0.1 that records what the HTTP output POSTs (standing in for
/// kite-sidekick / Falcosidekick). Can answer with a given status, and require a client certificate.
/// </summary>
internal sealed class AlertReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public int StatusCode { get; set; } = 200;

    public int Port { get; private set; }

    private AlertReceiver(WebApplication app) => _app = app;

    public static async Task<AlertReceiver> StartAsync(int port = 0, X509Certificate2? serverCertificate = null, X509Certificate2? clientCa = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, listen =>
        {
            if (serverCertificate is null)
                return;
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = serverCertificate,
                ClientCertificateMode = clientCa is null ? ClientCertificateMode.NoCertificate : ClientCertificateMode.RequireCertificate,
                ClientCertificateValidation = (cert, _, _) =>
                {
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(clientCa!);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(cert);
                },
            });
        }));
        builder.Services.AddRoutingCore();
        WebApplication app = builder.Build();
        var receiver = new AlertReceiver(app);
        app.MapPost("/", (RequestDelegate)(async ctx =>
        {
            using var body = new MemoryStream();
            Stream source = ctx.Request.Headers.ContentEncoding == "gzip" ? new GZipStream(ctx.Request.Body, CompressionMode.Decompress) : ctx.Request.Body;
            await source.CopyToAsync(body);
            receiver.Requests.Enqueue(new ReceivedRequest(
                System.Text.Encoding.UTF8.GetString(body.ToArray()),
                ctx.Request.ContentType ?? "",
                ctx.Request.Headers.ContentEncoding.ToString(),
                ctx.Request.Headers.UserAgent.ToString(),
                ctx.Connection.ClientCertificate?.Subject,
                ctx.Request.Headers.Connection.ToString()));
            ctx.Response.StatusCode = receiver.StatusCode;
            await ctx.Response.WriteAsync("{\"ok\":true}");
        }));
        await app.StartAsync();
        receiver.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record ReceivedRequest(string Body, string ContentType, string ContentEncoding, string UserAgent, string? ClientSubject, string Connection);
