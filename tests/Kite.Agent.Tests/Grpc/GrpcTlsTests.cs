using System.Security.Cryptography.X509Certificates;
using Google.Protobuf.WellKnownTypes;
using Kite.Agent.Outputs.Grpc;
using Kite.Protocol.Grpc;
using Kite.Protocol.Grpc.Client;
using Kite.Protocol.Grpc.Server;

namespace Kite.Agent.Tests.Grpc;

public sealed class GrpcTlsTests : IDisposable
{
    private readonly TempPaths _temp = new();
    private readonly TestCertificates _pki;

    public GrpcTlsTests()
    {
        _pki = new TestCertificates(_temp);
    }

    public void Dispose() => _temp.Dispose();

    private GrpcServerOptions MutualTls => new()
    {
        Enabled = true,
        BindAddress = "127.0.0.1:0",
        PrivateKey = _pki.ServerKeyPath,
        CertChain = _pki.ServerCertPath,
        RootCerts = _pki.CaPath,
    };

    private GrpcChannel Channel(GrpcServer server, string? certPath, string? keyPath, X509Certificate2 trusted) => GrpcChannel.Create(new GrpcChannelOptions
    {
        Address = $"https://127.0.0.1:{server.Port}",
        ClientCertificate = certPath is null ? null : GrpcTlsFiles.LoadCertificate(certPath, keyPath!),
        RootCertificates = [trusted],
    });

    [Fact]
    public async Task MutualTlsServesAClientWithACertificateFromTheConfiguredRoots()
    {
        await using var server = await GrpcServer.StartAsync(MutualTls, TestServices.Router());
        Assert.StartsWith("https://", server.Addresses[0], StringComparison.Ordinal);
        using var channel = Channel(server, _pki.ClientCertPath, _pki.ClientKeyPath, _pki.Ca);
        Assert.Equal("echo: secure", (await channel.UnaryAsync(TestServices.Echo, new StringValue { Value = "secure" })).Value);
    }

    [Fact]
    public async Task ClientWithoutCertificateIsRefusedUnderMutualTls()
    {
        await using var server = await GrpcServer.StartAsync(MutualTls, TestServices.Router());
        using var channel = Channel(server, null, null, _pki.Ca);
        var e = await Assert.ThrowsAsync<GrpcException>(() => channel.UnaryAsync(TestServices.Echo, new StringValue { Value = "x" }));
        Assert.Equal(GrpcStatusCode.Unavailable, e.StatusCode);
    }

    [Fact]
    public async Task ClientCertificateFromAnotherCaIsRefused()
    {
        await using var server = await GrpcServer.StartAsync(MutualTls, TestServices.Router());
        using var channel = Channel(server, _pki.RogueClientCertPath, _pki.RogueClientKeyPath, _pki.Ca);
        var e = await Assert.ThrowsAsync<GrpcException>(() => channel.UnaryAsync(TestServices.Echo, new StringValue { Value = "x" }));
        Assert.Equal(GrpcStatusCode.Unavailable, e.StatusCode);
    }

    [Fact]
    public async Task ClientRefusesAServerItsRootsDoNotVouchFor()
    {
        await using var server = await GrpcServer.StartAsync(MutualTls, TestServices.Router());
        using var channel = Channel(server, _pki.ClientCertPath, _pki.ClientKeyPath, _pki.OtherCa);
        var e = await Assert.ThrowsAsync<GrpcException>(() => channel.UnaryAsync(TestServices.Echo, new StringValue { Value = "x" }));
        Assert.Equal(GrpcStatusCode.Unavailable, e.StatusCode);
    }

    [Fact]
    public async Task ServerTlsWithoutRootCertsDoesNotAskForAClientCertificate()
    {
        await using var server = await GrpcServer.StartAsync(MutualTls with { RootCerts = null }, TestServices.Router());
        using var channel = Channel(server, null, null, _pki.Ca);
        Assert.Equal("echo: tls", (await channel.UnaryAsync(TestServices.Echo, new StringValue { Value = "tls" })).Value);
    }

    [Fact]
    public async Task GrpcOutputPushesOverMutualTlsFromConfiguredFiles()
    {
        await using var receiver = await IngestReceiver.StartAsync(MutualTls);
        await using var output = new GrpcAlertOutput(new GrpcOutputOptions
        {
            Enabled = true,
            Address = $"https://127.0.0.1:{receiver.Port}",
            CertChain = _pki.ClientCertPath,
            PrivateKey = _pki.ClientKeyPath,
            RootCerts = _pki.CaPath,
        });
        for (int i = 0; i < 20; i++)
            await output.WriteAsync(SampleAlerts.Create(i), default);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await output.FlushAsync(cts.Token);
        Assert.Equal(20, receiver.DistinctRules().Count);
    }

    [Theory]
    [InlineData(true, false, false, "private_key and grpc.cert_chain must be set together")]
    [InlineData(false, false, true, "root_certs")]
    public void InconsistentTlsOptionsAreRefusedBeforeBinding(bool key, bool cert, bool roots, string reason)
    {
        var options = new GrpcServerOptions
        {
            BindAddress = "127.0.0.1:0",
            PrivateKey = key ? _pki.ServerKeyPath : null,
            CertChain = cert ? _pki.ServerCertPath : null,
            RootCerts = roots ? _pki.CaPath : null,
        };
        Assert.Contains(reason, options.Validate(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingCertificateFileStopsStartupWithItsName()
    {
        var options = MutualTls with { CertChain = _temp.File("missing.pem") };
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => GrpcServer.StartAsync(options, TestServices.Router()));
        Assert.Contains("missing.pem", e.Message, StringComparison.Ordinal);
    }
}
