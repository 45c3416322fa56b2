using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Kite.Agent.Configuration;

namespace Kite.Agent.Outputs;

/// <summary>
/// The HttpClient of the HTTP output: trust from ca_cert / ca_bundle / ca_path (instead of the system
/// store when given), `insecure` to skip verification, and a client certificate for mTLS.
/// </summary>
internal static class HttpOutputClientFactory
{
    /// <summary>The system store's folder: when ca_path is this, the system store is used as is.</summary>
    private const string SystemCaPath = "/etc/ssl/certs";

    public static HttpClient Create(HttpOutputConfig config)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            AllowAutoRedirect = false,
            UseProxy = false,
        };
        var ssl = new SslClientAuthenticationOptions();
        if (config.Insecure)
        {
            ssl.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }
        else if (LoadTrustedRoots(config) is { } roots)
        {
            ssl.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Validate(roots, certificate, chain, errors);
        }
        if (config.Mtls)
        {
            X509Certificate2 client = X509Certificate2.CreateFromPemFile(config.ClientCert, config.ClientKey);
            ssl.ClientCertificates = [client];
        }
        handler.SslOptions = ssl;
        var client2 = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client2.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
        return client2;
    }

    /// <summary>The CA certificates to trust, or null to use the system store.</summary>
    internal static X509Certificate2Collection? LoadTrustedRoots(HttpOutputConfig config)
    {
        var roots = new X509Certificate2Collection();
        if (config.CaCert.Length > 0)
            roots.ImportFromPemFile(config.CaCert);
        if (config.CaBundle.Length > 0)
            roots.ImportFromPemFile(config.CaBundle);
        if (roots.Count == 0 && config.CaPath.Length > 0 && config.CaPath.TrimEnd('/') != SystemCaPath && Directory.Exists(config.CaPath))
        {
            foreach (string file in Directory.EnumerateFiles(config.CaPath))
            {
                // Folders like /etc/ssl/certs hold PEM files and symlinks of many names; take what parses.
                string text;
                try
                {
                    text = File.ReadAllText(file, Encoding.ASCII);
                }
                catch (IOException)
                {
                    continue;
                }
                if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
                    roots.ImportFromPem(text);
            }
        }
        return roots.Count > 0 ? roots : null;
    }

    private static bool Validate(X509Certificate2Collection roots, X509Certificate? certificate, X509Chain? _, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
