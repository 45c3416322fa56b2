using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kite.Agent.Tests.Grpc;

/// <summary>
/// A throwaway PKI generated at test time (never committed): a CA, a server certificate for
/// 127.0.0.1/localhost, a client certificate, and a client certificate from an unrelated CA.
/// PEM files are written to a private folder with 0600 keys.
/// </summary>
internal sealed class TestCertificates
{
    public TestCertificates(TempPaths temp)
    {
        (X509Certificate2 ca, ECDsa caKey) = CreateCa("Kite Test CA");
        (X509Certificate2 otherCa, ECDsa otherCaKey) = CreateCa("Unrelated CA");
        CaPath = Write(temp, "ca.pem", ca.ExportCertificatePem());
        OtherCaPath = Write(temp, "other-ca.pem", otherCa.ExportCertificatePem());
        Ca = ca;
        OtherCa = otherCa;
        (ServerCertPath, ServerKeyPath) = Issue(temp, "server", ca, caKey, serverAuth: true);
        (ClientCertPath, ClientKeyPath) = Issue(temp, "client", ca, caKey, serverAuth: false);
        (RogueClientCertPath, RogueClientKeyPath) = Issue(temp, "rogue", otherCa, otherCaKey, serverAuth: false);
        caKey.Dispose();
        otherCaKey.Dispose();
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 OtherCa { get; }

    public string CaPath { get; }

    public string OtherCaPath { get; }

    public string ServerCertPath { get; }

    public string ServerKeyPath { get; }

    public string ClientCertPath { get; }

    public string ClientKeyPath { get; }

    public string RogueClientCertPath { get; }

    public string RogueClientKeyPath { get; }

    private static (X509Certificate2, ECDsa) CreateCa(string name)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        X509Certificate2 cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return (cert, key);
    }

    private static (string Cert, string Key) Issue(TempPaths temp, string name, X509Certificate2 ca, ECDsa caKey, bool serverAuth)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=kite-{name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
        }
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        using X509Certificate2 cert = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey),
            DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
        string certPath = Write(temp, name + ".pem", cert.ExportCertificatePem());
        string keyPath = Write(temp, name + ".key", key.ExportPkcs8PrivateKeyPem(), secret: true);
        return (certPath, keyPath);
    }

    private static string Write(TempPaths temp, string name, string pem, bool secret = false)
    {
        string path = temp.File(name);
        File.WriteAllText(path, pem);
        if (secret && !OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }
}
