namespace Kite.Agent.Audit;

/// <summary>Settings of the Kubernetes audit webhook endpoint.</summary>
internal sealed class AuditWebhookOptions
{
    /// <summary>
    /// Largest accepted request body. The API server batches up to 400 events per request by default
    /// (--audit-webhook-batch-max-size) and pod specs make events a few KiB each; 32 MiB leaves room
    /// while bounding the memory one request can take.
    /// </summary>
    public long MaxBodyBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>
    /// When set, requests must carry `Authorization: Bearer &lt;token&gt;` (the `token` of the user in the
    /// API server's webhook kubeconfig). Compared in constant time; never logged.
    /// </summary>
    public string? BearerToken { get; init; }

    /// <summary>Where the endpoint counts what it accepted and rejected (exported by the metrics endpoint).</summary>
    public AuditWebhookCounters Counters { get; init; } = new();
}
