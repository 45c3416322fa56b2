using System.Collections.Immutable;

namespace Kite.Agent.Configuration;

/// <summary>The `kite:` section: settings Falco's schema has no place for.</summary>
internal sealed record KiteSettings
{
    /// <summary>`kite.ring_buffer_size_mb`: size of the BPF ring buffer (a power of two).</summary>
    public int RingBufferSizeMb { get; init; } = 16;

    /// <summary>`kite.container_runtime_sockets`: CRI/containerd sockets tried in order.</summary>
    public ImmutableArray<string> ContainerRuntimeSockets { get; init; } =
        ["/run/containerd/containerd.sock", "/run/k3s/containerd/containerd.sock", "/run/crio/crio.sock"];

    /// <summary>`kite.output_queue_capacity`: alerts waiting per output (a slow output drops its own, counted).</summary>
    public int OutputQueueCapacity { get; init; } = 10_000;

    /// <summary>`kite.shutdown_timeout_ms`: how long shutdown waits for outputs to drain.</summary>
    public int ShutdownTimeoutMs { get; init; } = 30_000;

    /// <summary>
    /// `kite.k8s_audit_bearer_token_file`: a file holding the token the API server's webhook must present
    /// (`Authorization: Bearer ...`) on webserver.k8s_audit_endpoint; unset accepts any caller (put TLS and a
    /// network policy in front). The token itself never appears in the configuration or the logs.
    /// </summary>
    public string? K8sAuditBearerTokenFile { get; init; }

    /// <summary>
    /// `kite.host_names`: name -> addresses pinned for host-name conditions (`fd.sip.name = ...`), for names the
    /// node's own resolver cannot answer, such as `kubernetes.default.svc.cluster.local` seen from the host network.
    /// </summary>
    public ImmutableDictionary<string, ImmutableArray<System.Net.IPAddress>> HostNames { get; init; } =
        ImmutableDictionary<string, ImmutableArray<System.Net.IPAddress>>.Empty;

    /// <summary>`kite.health_stale_after_s`: /healthz turns 503 when no event arrived for this long.</summary>
    public int HealthStaleAfterSeconds { get; init; } = 30;
}
