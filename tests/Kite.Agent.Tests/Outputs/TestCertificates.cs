using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kite.Agent.Tests.Outputs;

/// <summary>A throwaway CA with a server certificate for 127.0.0.1 and a client certificate, made at test time.</summary>
internal sealed class TestCertificates : IDisposable
{
    public TestCertificates(string directory)
    {
        // ECDSA P-256: key generation is instant, unlike RSA, which made these tests slow under load.
        using ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Kite Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddDays(2));

        Server = Issue("CN=127.0.0.1", serverAuth: true);
        Client = Issue("CN=kite-agent", serverAuth: false);

        CaPath = Path.Combine(directory, "ca.pem");
        File.WriteAllText(CaPath, Ca.ExportCertificatePem());
        ClientCertPath = Path.Combine(directory, "client.crt");
        File.WriteAllText(ClientCertPath, Client.ExportCertificatePem());
        ClientKeyPath = Path.Combine(directory, "client.key");
        File.WriteAllText(ClientKeyPath, Client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        // Falco's webserver convention: key and certificate in one PEM file.
        ServerPemPath = Path.Combine(directory, "server.pem");
        File.WriteAllText(ServerPemPath, Server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem() + "\n" + Server.ExportCertificatePem());
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 Client { get; }

    public string CaPath { get; }

    public string ClientCertPath { get; }

    public string ClientKeyPath { get; }

    public string ServerPemPath { get; }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        Client.Dispose();
    }

    private X509Certificate2 Issue(string subject, bool serverAuth)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [serverAuth ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
        }
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        using X509Certificate2 issued = request.Create(Ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
        // Re-import through PKCS#12 so the private key is usable by SslStream on Linux.
        return X509CertificateLoader.LoadPkcs12(issued.CopyWithPrivateKey(key).Export(X509ContentType.Pkcs12), null);
    }
}
