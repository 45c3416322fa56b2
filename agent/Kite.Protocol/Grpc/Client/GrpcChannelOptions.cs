using System.Security.Cryptography.X509Certificates;

namespace Kite.Protocol.Grpc.Client;

/// <summary>How to reach a gRPC server and what to present to it.</summary>
public sealed record GrpcChannelOptions
{
    /// <summary>
    /// `unix:///run/containerd/containerd.sock` (h2c over a unix socket), `http://host:port` (h2c,
    /// prior knowledge), `https://host:port` (TLS with ALPN h2), or bare `host:port` (h2c).
    /// </summary>
    public required string Address { get; init; }

    /// <summary>Client certificate (with private key) for mutual TLS; see <see cref="GrpcTlsFiles"/> to load PEM files.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Roots that the server certificate must chain to; null uses the system trust store.</summary>
    public X509Certificate2Collection? RootCertificates { get; init; }

    /// <summary>Expected name in the server certificate when it differs from the address host.</summary>
    public string? ServerNameOverride { get; init; }

    /// <summary>Metadata sent with every call (e.g. `containerd-namespace: k8s.io`).</summary>
    public IReadOnlyDictionary<string, string> DefaultHeaders { get; init; } = new Dictionary<string, string>();

    public int MaxReceiveMessageSize { get; init; } = GrpcProtocol.DefaultMaxReceiveMessageSize;

    public int MaxSendMessageSize { get; init; } = int.MaxValue;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>HTTP/2 PING interval on an idle connection (gRPC keepalive); infinite disables.</summary>
    public TimeSpan KeepAlivePingDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for a PING ack before the connection is considered dead.</summary>
    public TimeSpan KeepAlivePingTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Ping even without active calls (true) or only while calls are in flight (gRPC's default).</summary>
    public bool KeepAlivePingWithoutCalls { get; init; }
}
