namespace Kite.Agent.Configuration;

/// <summary>`webserver`: health, versions, Prometheus metrics and the k8s audit webhook.</summary>
internal sealed record WebserverConfig
{
    public bool Enabled { get; init; } = true;

    public int ListenPort { get; init; } = 8765;

    public string ListenAddress { get; init; } = "0.0.0.0";

    public string K8sHealthzEndpoint { get; init; } = "/healthz";

    public string K8sAuditEndpoint { get; init; } = "/k8s-audit";

    public bool SslEnabled { get; init; }

    /// <summary>One PEM file holding the private key and the certificate chain (Falco's convention).</summary>
    public string SslCertificate { get; init; } = "/etc/kite/kite.pem";

    /// <summary>Serve /metrics. On by default in Kite (Falco defaults it off).</summary>
    public bool PrometheusMetricsEnabled { get; init; } = true;

    /// <summary>0: Kestrel's default.</summary>
    public int Threadiness { get; init; }
}
