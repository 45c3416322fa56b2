namespace Kite.Protocol.Grpc.Server;

/// <summary>
/// The gRPC listener, shaped like falco.yaml's `grpc:` block. TCP with <see cref="PrivateKey"/> and
/// <see cref="CertChain"/> is TLS; with <see cref="RootCerts"/> as well, clients must present a
/// certificate issued by those roots (mutual TLS). A unix socket relies on file permissions.
/// </summary>
public sealed record GrpcServerOptions
{
    public bool Enabled { get; init; }

    /// <summary>`unix:///run/kite/kite.sock`, `0.0.0.0:5060`, `[::]:5060`, `127.0.0.1:0` (any free port).</summary>
    public string BindAddress { get; init; } = "unix:///run/kite/kite.sock";

    /// <summary>
    /// Falco's worker-thread count, accepted so falco.yaml files load unchanged. Kestrel serves
    /// calls on the .NET thread pool, which sizes itself; the value is validated, not applied.
    /// </summary>
    public int Threadiness { get; init; }

    /// <summary>PEM private key of the server certificate.</summary>
    public string? PrivateKey { get; init; }

    /// <summary>PEM server certificate, optionally followed by intermediates.</summary>
    public string? CertChain { get; init; }

    /// <summary>PEM bundle of CAs that issue client certificates; setting it requires client certificates.</summary>
    public string? RootCerts { get; init; }

    /// <summary>Unix socket file mode (octal as in chmod): owner and group only by default.</summary>
    public UnixFileMode UnixSocketMode { get; init; } = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    public int MaxReceiveMessageSize { get; init; } = GrpcProtocol.DefaultMaxReceiveMessageSize;

    /// <summary>HTTP/2 PING after this much idle time on a connection (server keepalive).</summary>
    public TimeSpan KeepAlivePingDelay { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Close a connection whose PING is not answered within this time.</summary>
    public TimeSpan KeepAlivePingTimeout { get; init; } = TimeSpan.FromSeconds(20);

    public bool IsUnixSocket => BindAddress.StartsWith("unix:", StringComparison.Ordinal);

    public bool UsesTls => !IsUnixSocket && !string.IsNullOrEmpty(PrivateKey) && !string.IsNullOrEmpty(CertChain);

    /// <summary>A one-line reason when the options cannot work, else null (checked before binding).</summary>
    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(BindAddress))
            return "grpc.bind_address is empty";
        if (Threadiness < 0)
            return $"grpc.threadiness must be 0 (automatic) or positive, not {Threadiness}";
        if (MaxReceiveMessageSize <= 0)
            return "the gRPC max receive message size must be positive";
        if (!IsUnixSocket)
        {
            bool hasKey = !string.IsNullOrEmpty(PrivateKey), hasCert = !string.IsNullOrEmpty(CertChain);
            if (hasKey != hasCert)
                return "grpc.private_key and grpc.cert_chain must be set together";
            if (!string.IsNullOrEmpty(RootCerts) && !hasKey)
                return "grpc.root_certs (mutual TLS) needs grpc.private_key and grpc.cert_chain";
            foreach (string? file in new[] { PrivateKey, CertChain, RootCerts })
            {
                if (!string.IsNullOrEmpty(file) && !File.Exists(file))
                    return $"gRPC TLS file '{file}' does not exist";
            }
        }
        else if (GrpcServer.UnixSocketPathOf(BindAddress).Length == 0)
        {
            return $"grpc.bind_address '{BindAddress}' names no socket path";
        }
        return null;
    }
}
