namespace Kite.Agent.Configuration;

/// <summary>`grpc`: the alert streaming server (implemented in Outputs/Grpc).</summary>
internal sealed record GrpcConfig
{
    public bool Enabled { get; init; }

    /// <summary>`unix:///run/kite/kite.sock` or `host:port` (network binds require mTLS files).</summary>
    public string BindAddress { get; init; } = "unix:///run/kite/kite.sock";

    /// <summary>0: one per CPU.</summary>
    public int Threadiness { get; init; }

    public string PrivateKey { get; init; } = "/etc/kite/certs/server.key";

    public string CertChain { get; init; } = "/etc/kite/certs/server.crt";

    public string RootCerts { get; init; } = "/etc/kite/certs/ca.crt";

    public bool IsUnixSocket => BindAddress.StartsWith("unix://", StringComparison.Ordinal);

    /// <summary>The socket path of a `unix://` bind address.</summary>
    public string UnixSocketPath => IsUnixSocket ? BindAddress["unix://".Length..] : "";
}
