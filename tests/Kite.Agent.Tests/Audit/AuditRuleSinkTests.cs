using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kite.Agent.Audit;
using Kite.Agent.Rules;
using Kite.Rules.Evaluation;
using Kite.Rules.Loading;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kite.Agent.Tests.Audit;

/// <summary>The whole audit path: HTTP POST on Kestrel -> webhook -> Kite's default k8s_audit rules -> formatted matches.</summary>
public sealed class AuditRuleSinkTests : IAsyncLifetime
{
    private readonly List<AuditRuleMatch> _matches = [];
    private WebApplication? _app;
    private HttpClient? _client;

    public async Task InitializeAsync()
    {
        LoadResult load = RuleLoader.Load(Kite.Rules.DefaultRules.Files.Select(f => new RuleFile(f.Name, f.Content)), RuleSources.Catalogs);
        Assert.False(load.HasErrors, string.Join("\n", load.Errors));
        var sink = new AuditRuleSink(load.Compile<AuditFieldSource>(AuditFieldCatalog.Source), match =>
        {
            lock (_matches)
                _matches.Add(match);
        });
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapK8sAuditWebhook("/k8s-audit", sink);
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()) };
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
            await _app.DisposeAsync();
    }

    [Fact]
    public async Task PrivilegedPodPostedByTheApiServerBecomesAFormattedMatch()
    {
        string privileged = AuditEventSamples.With(AuditEventSamples.PodCreate, root =>
            root["requestObject"]!["spec"]!["containers"]![0]!["securityContext"]!["privileged"] = true);
        string body = AuditEventSamples.List(AuditEventSamples.SecretCreate, privileged, AuditEventSamples.PodCreate);

        HttpResponseMessage response = await _client!.PostAsync("/k8s-audit", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Secret Changed by User", "Privileged Pod Created"], _matches.Select(m => m.Rule.Name));
        AuditRuleMatch pod = _matches[1];
        Assert.Equal(Kite.Rules.Priority.Warning, pod.Rule.Priority);
        Assert.Equal("k8s_audit", pod.Rule.Source);
        Assert.StartsWith("Privileged pod created (user=alice@example.com pod=web-7f9c ns=shop images=(registry.example.com:5000/shop/web:1.4.2,", pod.Output.Message);
        Assert.Equal(AuditEvent.Parse(privileged).TimestampNanos, pod.TimestampNanos);
    }

    [Fact]
    public async Task ExecSessionIsReportedWithItsCommand()
    {
        HttpResponseMessage response = await _client!.PostAsync("/k8s-audit", new StringContent(AuditEventSamples.PodExec, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AuditRuleMatch match = Assert.Single(_matches);
        Assert.Equal("Exec or Attach Into Pod", match.Rule.Name);
        Assert.Contains("command=/bin/sh container=web", match.Output.Message);
    }

    [Fact]
    public void ReplacedRulesApplyToTheNextEvents()
    {
        LoadResult load = RuleLoader.Load(
            [
                .. Kite.Rules.DefaultRules.Files.Select(f => new RuleFile(f.Name, f.Content)),
                new RuleFile("local.yaml", "- rule: Exec or Attach Into Pod\n  enabled: false\n  override:\n    enabled: replace\n"),
            ],
            RuleSources.Catalogs);
        Assert.False(load.HasErrors, string.Join("\n", load.Errors));
        var matches = new List<AuditRuleMatch>();
        var sink = new AuditRuleSink(load.Compile<AuditFieldSource>(AuditFieldCatalog.Source), matches.Add);

        sink.Accept(AuditEvent.Parse(AuditEventSamples.PodExec));
        sink.Replace(RuleLoader.Load(Kite.Rules.DefaultRules.Files.Select(f => new RuleFile(f.Name, f.Content)), RuleSources.Catalogs).Compile<AuditFieldSource>(AuditFieldCatalog.Source));
        sink.Accept(AuditEvent.Parse(AuditEventSamples.PodExec));

        Assert.Equal(["Exec or Attach Into Pod"], matches.Select(m => m.Rule.Name));
    }
}
