using System.Net;
using Kite.Rules.Evaluation;
using Kite.Rules.Fields;
using Kite.Rules.Fields.Synthetic;
using Kite.Rules.Loading;

namespace Kite.Rules.Tests.Compilation;

/// <summary>
/// `fd.sip.name = kubernetes.default.svc.cluster.local` (the stable macro k8s_api_server) compares the
/// server address with what the names resolve to, through the catalog's DNS cache, as Falco does.
/// </summary>
public sealed class HostNameComparisonTests : IDisposable
{
    private const int FdSip = 0, FdSipName = 1;

    private readonly HostNameResolver _resolver = new((name, _) => Task.FromResult(name switch
    {
        "api.cluster.test" => new[] { IPAddress.Parse("10.96.0.1"), IPAddress.Parse("fd00::1") },
        "pool.miner.test" => new[] { IPAddress.Parse("203.0.113.7") },
        _ => throw new System.Net.Sockets.SocketException(11001),
    }));

    public void Dispose() => _resolver.Dispose();

    private sealed class Catalog() : FieldCatalog(
        "syscall",
        [
            new(FdSip, "fd.sip", FieldType.IPAddress, "server ip"),
            new(FdSipName, "fd.sip.name", FieldType.String, "server host name", FieldFlags.NoRhs | FieldFlags.HostName),
        ])
    {
        public override FieldDescriptor? AddressFieldOf(FieldDescriptor hostNameField) =>
            hostNameField.Id.Value == FdSipName ? Fields[FdSip] : null;
    }

    private async Task<bool> EvaluateAsync(string condition, string? serverIp)
    {
        var catalog = new Catalog { HostNames = _resolver };
        LoadResult result = RuleLoader.Load([new RuleFile("f.yaml", RuleTestHelpers.RuleYaml(condition).Replace("%proc.name", "%fd.sip", StringComparison.Ordinal))],
            [catalog], new RuleLoadOptions { CheckPluginRequirements = false });
        Assert.False(result.HasErrors, string.Join("\n", result.Errors));
        RuleSet<SyntheticFieldSource> set = result.Compile<SyntheticFieldSource>("syscall", options: new RuleSetOptions { SuggestedOutput = false });
        await _resolver.RefreshAllAsync();
        var ev = new SyntheticEvent(catalog);
        if (serverIp is not null)
            ev.Set("fd.sip", serverIp);
        var source = new SyntheticFieldSource(ev);
        return set.Matches("r", ref source);
    }

    [Theory]
    [InlineData("fd.sip.name = api.cluster.test", "10.96.0.1", true)]
    [InlineData("fd.sip.name = api.cluster.test", "fd00::1", true)]
    [InlineData("fd.sip.name = api.cluster.test", "10.96.0.2", false)]
    [InlineData("fd.sip.name in (pool.miner.test, api.cluster.test)", "203.0.113.7", true)]
    [InlineData("fd.sip.name != api.cluster.test", "10.96.0.2", true)]
    [InlineData("fd.sip.name != api.cluster.test", "10.96.0.1", false)]
    [InlineData("fd.sip.name = unknown.name.test", "10.96.0.1", false)]
    public async Task HostNamesCompareThroughTheirResolvedAddresses(string condition, string serverIp, bool expected)
    {
        Assert.Equal(expected, await EvaluateAsync(condition, serverIp));
    }

    [Fact]
    public async Task AnAddressIsNamedByTheFirstWatchedNameThatResolvesToIt()
    {
        _resolver.Track(["pool.miner.test", "api.cluster.test", "unknown.name.test"]);
        await _resolver.RefreshAllAsync();

        Assert.True(_resolver.TryGetName(NetAddress.FromIPAddress(IPAddress.Parse("fd00::1")), out byte[] name));
        Assert.Equal("api.cluster.test", System.Text.Encoding.UTF8.GetString(name));
        Assert.True(_resolver.TryGetName(NetAddress.FromIPAddress(IPAddress.Parse("203.0.113.7")), out name));
        Assert.Equal("pool.miner.test", System.Text.Encoding.UTF8.GetString(name));
        Assert.False(_resolver.TryGetName(NetAddress.FromIPAddress(IPAddress.Parse("10.96.0.2")), out _));
    }

    [Fact]
    public async Task WithoutAServerAddressEveryComparisonIsFalse()
    {
        Assert.False(await EvaluateAsync("fd.sip.name = api.cluster.test", null));
        Assert.False(await EvaluateAsync("fd.sip.name != api.cluster.test", null));
    }
}
