using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kite.Protocol.Grpc.Server;

/// <summary>
/// A Kestrel server that only speaks HTTP/2 and hands every request to a <see cref="GrpcServiceRouter"/>.
/// Start with <see cref="StartAsync"/>; dispose to stop (in-flight calls are cancelled).
/// </summary>
public sealed class GrpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcServer(WebApplication app, IReadOnlyList<string> addresses, string? unixSocketPath)
    {
        _app = app;
        Addresses = addresses;
        UnixSocketPath = unixSocketPath;
    }

    /// <summary>Bound addresses as URLs (`http://127.0.0.1:5060`, `https://...`, `http://unix:/run/kite/kite.sock`).</summary>
    public IReadOnlyList<string> Addresses { get; }

    /// <summary>Socket I/O queues Kestrel was given (grpc.threadiness, or the default when 0).</summary>
    public int IOQueueCount => _app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets.SocketTransportOptions>>().Value.IOQueueCount;

    /// <summary>The socket path when bound to a unix socket.</summary>
    public string? UnixSocketPath { get; }

    /// <summary>The TCP port actually bound (useful with port 0), or 0 for a unix socket.</summary>
    public int Port
    {
        get
        {
            foreach (string address in Addresses)
            {
                if (!address.Contains("unix:", StringComparison.Ordinal) && Uri.TryCreate(address, UriKind.Absolute, out Uri? uri))
                    return uri.Port;
            }
            return 0;
        }
    }

    /// <summary>The address a <see cref="Client.GrpcChannel"/> dials to reach this server from the same host.</summary>
    public string ClientAddress => UnixSocketPath is string path ? "unix://" + path : Addresses[0].Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal);

    /// <summary>Validates the options, binds and starts serving. Throws InvalidOperationException with a one-line reason.</summary>
    public static async Task<GrpcServer> StartAsync(GrpcServerOptions options, GrpcServiceRouter router, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        if (options.Validate() is string problem)
            throw new InvalidOperationException(problem);
        loggerFactory ??= NullLoggerFactory.Instance;
        router.SetLogger(loggerFactory.CreateLogger("Kite.Grpc"));

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseKestrelCore();
        // grpc.threadiness: the number of Kestrel's socket I/O queues (0 keeps the default, one per core).
        if (options.Threadiness > 0)
            builder.WebHost.UseSockets(sockets => sockets.IOQueueCount = options.Threadiness);
        string? socketPath = options.IsUnixSocket ? PrepareUnixSocket(UnixSocketPathOf(options.BindAddress)) : null;
        HttpsConnectionAdapterOptions? https = options.UsesTls ? BuildHttpsOptions(options) : null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.Http2.KeepAlivePingDelay = options.KeepAlivePingDelay;
            kestrel.Limits.Http2.KeepAlivePingTimeout = options.KeepAlivePingTimeout;
            void Configure(ListenOptions listen)
            {
                listen.Protocols = HttpProtocols.Http2;
                if (https is not null)
                    listen.UseHttps(https);
            }
            if (socketPath is not null)
            {
                kestrel.ListenUnixSocket(socketPath, Configure);
            }
            else
            {
                foreach (IPEndPoint endpoint in ResolveTcp(options.BindAddress))
                    kestrel.Listen(endpoint, Configure);
            }
        });
        WebApplication app = builder.Build();
        app.Run(router.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"cannot bind gRPC server to {options.BindAddress}: {e.Message}", e);
        }
        if (socketPath is not null && !OperatingSystem.IsWindows())
            File.SetUnixFileMode(socketPath, options.UnixSocketMode);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
        return new GrpcServer(app, addresses, socketPath);
    }

    internal static string UnixSocketPathOf(string bindAddress)
    {
        string path = bindAddress["unix:".Length..];
        return path.StartsWith("//", StringComparison.Ordinal) ? path[2..] : path;
    }

    /// <summary>Creates the socket's folder and removes a stale socket file left by a crash, but never a live one.</summary>
    private static string PrepareUnixSocket(string path)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null && !Directory.Exists(dir) && !OperatingSystem.IsWindows())
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        if (File.Exists(path) || Directory.Exists(path))
        {
            if ((File.GetAttributes(path) & FileAttributes.Directory) != 0)
                throw new InvalidOperationException($"gRPC socket path {path} is a directory");
            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(path));
                throw new InvalidOperationException($"gRPC socket {path} is in use by another process");
            }
            catch (SocketException)
            {
                File.Delete(path);
            }
        }
        return path;
    }

    private static IEnumerable<IPEndPoint> ResolveTcp(string bindAddress)
    {
        string text = bindAddress.StartsWith("tcp://", StringComparison.Ordinal) ? bindAddress[6..] : bindAddress;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port) || port > 65535)
            throw new InvalidOperationException($"grpc.bind_address '{bindAddress}' is not host:port or unix:///path");
        string host = text[..colon].Trim('[', ']');
        if (host is "*" or "")
            return [new IPEndPoint(IPAddress.Any, port)];
        if (IPAddress.TryParse(host, out IPAddress? ip))
            return [new IPEndPoint(ip, port)];
        IPAddress[] resolved;
        try
        {
            resolved = Dns.GetHostAddresses(host);
        }
        catch (SocketException e)
        {
            throw new InvalidOperationException($"grpc.bind_address host '{host}' does not resolve: {e.Message}", e);
        }
        if (resolved.Length == 0)
            throw new InvalidOperationException($"grpc.bind_address host '{host}' does not resolve");
        return resolved.Select(a => new IPEndPoint(a, port));
    }

    private static HttpsConnectionAdapterOptions BuildHttpsOptions(GrpcServerOptions options)
    {
        X509Certificate2 certificate = GrpcTlsFiles.LoadCertificate(options.CertChain!, options.PrivateKey!);
        var chain = GrpcTlsFiles.LoadBundle(options.CertChain!);
        var intermediates = new X509Certificate2Collection();
        foreach (X509Certificate2 c in chain)
        {
            if (c.Thumbprint != certificate.Thumbprint)
                intermediates.Add(c);
        }
        var https = new HttpsConnectionAdapterOptions
        {
            ServerCertificate = certificate,
            ServerCertificateChain = intermediates.Count > 0 ? intermediates : null,
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateMode = ClientCertificateMode.NoCertificate,
        };
        if (!string.IsNullOrEmpty(options.RootCerts))
        {
            X509Certificate2Collection roots = GrpcTlsFiles.LoadBundle(options.RootCerts);
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (cert, presented, _) =>
            {
                X509Certificate2Collection? extra = null;
                if (presented is not null)
                {
                    extra = [];
                    foreach (X509ChainElement element in presented.ChainElements)
                        extra.Add(element.Certificate);
                }
                return GrpcTlsFiles.ChainsTo(cert, roots, extra, clientAuth: true);
            };
        }
        return https;
    }

    public async Task StopAsync(CancellationToken cancellationToken = default) => await _app.StopAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Streams that outlive the grace period are aborted by disposal below.
            }
        }
        await _app.DisposeAsync().ConfigureAwait(false);
        if (UnixSocketPath is not null)
        {
            try
            {
                File.Delete(UnixSocketPath);
            }
            catch (IOException)
            {
            }
        }
    }
}
