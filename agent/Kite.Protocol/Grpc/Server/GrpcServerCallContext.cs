using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;

namespace Kite.Protocol.Grpc.Server;

/// <summary>What a handler knows about its call: metadata, deadline, peer, cancellation, trailers.</summary>
public sealed class GrpcServerCallContext
{
    internal GrpcServerCallContext(HttpContext httpContext, string method, DateTime? deadline, CancellationToken cancellationToken)
    {
        HttpContext = httpContext;
        Method = method;
        Deadline = deadline;
        CancellationToken = cancellationToken;
    }

    public HttpContext HttpContext { get; }

    /// <summary>The `:path` that was called, e.g. `/falco.outputs.service/sub`.</summary>
    public string Method { get; }

    /// <summary>UTC time after which the call fails with DEADLINE_EXCEEDED (from `grpc-timeout`), or null.</summary>
    public DateTime? Deadline { get; }

    /// <summary>Fires when the client cancels (RST_STREAM), the connection drops, the deadline passes or the server stops.</summary>
    public CancellationToken CancellationToken { get; }

    public IHeaderDictionary RequestHeaders => HttpContext.Request.Headers;

    /// <summary>`ipv4:1.2.3.4:5678`, `ipv6:[::1]:5678` or `unix:` (gRPC's peer naming).</summary>
    public string Peer => HttpContext.Connection.RemoteIpAddress is { } ip
        ? (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"ipv6:[{ip}]:{HttpContext.Connection.RemotePort}" : $"ipv4:{ip}:{HttpContext.Connection.RemotePort}")
        : "unix:";

    /// <summary>The verified client certificate under mutual TLS.</summary>
    public X509Certificate2? ClientCertificate => HttpContext.Connection.ClientCertificate;

    /// <summary>Extra trailers sent with the status (ASCII values).</summary>
    public IDictionary<string, string> ResponseTrailers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The status to end the call with when the handler returns normally (OK unless set).</summary>
    public GrpcStatus Status { get; set; } = GrpcStatus.Ok;
}
