namespace Kite.Agent.Outputs.Grpc;

/// <summary>
/// falco.yaml's `grpc_output:` block, extended with where to push. Without an address the output
/// only feeds local subscribers of the gRPC server (Falco's behaviour); with one, alerts are also
/// pushed to a `kite.v1.AlertIngest` receiver (kite-sidekick) and kept until acknowledged.
/// </summary>
internal sealed record GrpcOutputOptions
{
    public bool Enabled { get; init; }

    /// <summary>Receiver address: `unix:///run/kite/sidekick.sock`, `https://sidekick:5061`, `host:port` (h2c).</summary>
    public string? Address { get; init; }

    /// <summary>PEM client certificate (mutual TLS) and its key.</summary>
    public string? CertChain { get; init; }

    public string? PrivateKey { get; init; }

    /// <summary>PEM CAs the receiver's certificate must chain to; null trusts the system store.</summary>
    public string? RootCerts { get; init; }

    /// <summary>Name expected in the receiver's certificate when it differs from the address host.</summary>
    public string? ServerName { get; init; }

    /// <summary>Extra request metadata (e.g. an authorization header for a proxy).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Most alerts per batch.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Batches sent and not yet acknowledged before the sender waits.</summary>
    public int MaxInFlightBatches { get; init; } = 8;

    /// <summary>Alerts held in memory (queued + unacknowledged); beyond it new alerts are dropped and counted.</summary>
    public int MaxBufferedAlerts { get; init; } = 100_000;

    /// <summary>A batch not acknowledged within this time means the receiver is stuck: reconnect and resend.</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First wait after a failure; doubles (with jitter) up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long disposal waits for the buffer to drain before giving up on what is left.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>HTTP/2 keepalive ping interval on the push connection.</summary>
    public TimeSpan KeepAlivePingDelay { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan KeepAlivePingTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A one-line reason when the options cannot work, else null.</summary>
    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(Address))
            return null;
        if (BatchSize < 1)
            return $"grpc_output.batch_size must be positive, not {BatchSize}";
        if (MaxInFlightBatches < 1)
            return $"grpc_output.max_in_flight_batches must be positive, not {MaxInFlightBatches}";
        if (MaxBufferedAlerts < BatchSize)
            return $"grpc_output.max_buffered_alerts ({MaxBufferedAlerts}) must be at least batch_size ({BatchSize})";
        if (AckTimeout <= TimeSpan.Zero || InitialBackoff <= TimeSpan.Zero || MaxBackoff < InitialBackoff)
            return "grpc_output timeouts must be positive and max_backoff at least initial_backoff";
        if (string.IsNullOrEmpty(CertChain) != string.IsNullOrEmpty(PrivateKey))
            return "grpc_output.cert_chain and grpc_output.private_key must be set together";
        foreach (string? file in new[] { CertChain, PrivateKey, RootCerts })
        {
            if (!string.IsNullOrEmpty(file) && !File.Exists(file))
                return $"grpc_output TLS file '{file}' does not exist";
        }
        return null;
    }
}
