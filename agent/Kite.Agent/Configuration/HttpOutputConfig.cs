namespace Kite.Agent.Configuration;

/// <summary>`http_output`: POST each alert to a URL (kite-sidekick, Falcosidekick, any webhook).</summary>
internal sealed record HttpOutputConfig
{
    public bool Enabled { get; init; }

    public string Url { get; init; } = "";

    public string UserAgent { get; init; } = "kite/" + BuildInfo.Version;

    /// <summary>Skip server certificate verification (testing only).</summary>
    public bool Insecure { get; init; }

    /// <summary>A PEM file of CA certificates trusted instead of the system store.</summary>
    public string CaCert { get; init; } = "";

    /// <summary>A PEM bundle of CA certificates trusted instead of the system store.</summary>
    public string CaBundle { get; init; } = "";

    /// <summary>A folder of PEM CA certificates trusted instead of the system store.</summary>
    public string CaPath { get; init; } = "/etc/ssl/certs";

    /// <summary>Present <see cref="ClientCert"/>/<see cref="ClientKey"/> to the server.</summary>
    public bool Mtls { get; init; }

    public string ClientCert { get; init; } = "/etc/ssl/certs/client.crt";

    public string ClientKey { get; init; } = "/etc/ssl/certs/client.key";

    /// <summary>Log the server's response body.</summary>
    public bool Echo { get; init; }

    /// <summary>gzip request bodies (Content-Encoding: gzip).</summary>
    public bool CompressUploads { get; init; }

    /// <summary>Reuse the connection between alerts.</summary>
    public bool KeepAlive { get; init; } = true;

    /// <summary>Retries with exponential backoff (kite.http_output).</summary>
    public HttpRetryConfig Retry { get; init; } = new();
}
