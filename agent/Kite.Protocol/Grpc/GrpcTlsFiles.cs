using System.Security.Cryptography.X509Certificates;

namespace Kite.Protocol.Grpc;

/// <summary>Loads the PEM files named in configuration (falco.yaml's private_key, cert_chain, root_certs).</summary>
public static class GrpcTlsFiles
{
    /// <summary>The leaf certificate (first in the chain file) with its private key.</summary>
    public static X509Certificate2 LoadCertificate(string certChainPath, string privateKeyPath)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certChainPath, privateKeyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            // The message names the files, never their content.
            throw new InvalidOperationException($"cannot load the certificate '{certChainPath}' with key '{privateKeyPath}': {e.Message}", e);
        }
    }

    /// <summary>Every certificate of a PEM bundle (root CAs, or the intermediates after the leaf).</summary>
    public static X509Certificate2Collection LoadBundle(string path)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"cannot load certificates from '{path}': {e.Message}", e);
        }
        if (collection.Count == 0)
            throw new InvalidOperationException($"'{path}' holds no PEM certificate");
        return collection;
    }

    /// <summary>True when <paramref name="certificate"/> chains to one of <paramref name="roots"/> (and only them).</summary>
    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2Collection roots, X509Certificate2Collection? extra, bool clientAuth)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(clientAuth ? "1.3.6.1.5.5.7.3.2" : "1.3.6.1.5.5.7.3.1"));
        if (extra is not null)
            chain.ChainPolicy.ExtraStore.AddRange(extra);
        return chain.Build(certificate);
    }
}
