using System.Net;
using System.Text;
using Kite.Agent.Audit;
using Kite.Agent.Configuration;
using Kite.Agent.Diagnostics;
using Kite.Agent.Web;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kite.Agent.Tests.Audit;

/// <summary>The webhook mounted where `kite run` mounts it: on the agent's own webserver, at webserver.k8s_audit_endpoint.</summary>
public sealed class AuditWebhookInAgentWebServerTests : IAsyncLifetime
{
    private readonly List<string?> _users = [];
    private readonly AuditWebhookCounters _counters = new();
    private readonly HttpClient _client = new();
    private AgentWebServer _server = null!;

    public async Task InitializeAsync()
    {
        var config = new WebserverConfig { ListenAddress = "127.0.0.1", ListenPort = 0 };
        var sink = new DelegateSink(e =>
        {
            lock (_users)
                _users.Add(AuditFieldExtractor.Extract(e, AuditField.UserName).Text);
        });
        _server = AgentWebServer.Create(config, new AgentHealth(TimeSpan.FromSeconds(30)), new AgentMetrics(), NullLoggerFactory.Instance,
            mapAuditWebhook: (endpoints, path) => endpoints.MapK8sAuditWebhook(path, sink, new AuditWebhookOptions { Counters = _counters }));
        await _server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _client.Dispose();
    }

    [Fact]
    public async Task EventListIsAcceptedOnTheConfiguredEndpoint()
    {
        string body = AuditEventSamples.List(AuditEventSamples.PodCreate, AuditEventSamples.AnonymousGet);

        HttpResponseMessage response = await _client.PostAsync(new Uri(_server.Addresses[0], new WebserverConfig().K8sAuditEndpoint), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["alice@example.com", "system:anonymous"], _users);
        Assert.Equal(2, _counters.AcceptedEvents);
    }

    [Fact]
    public async Task MalformedBodyIsRejectedOnTheAgentServer()
    {
        HttpResponseMessage response = await _client.PostAsync(new Uri(_server.Addresses[0], "/k8s-audit"), new StringContent("{not json", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_users);
        Assert.Equal(1, _counters.RejectedRequests);
    }

    private sealed class DelegateSink(Action<AuditEvent> accept) : IAuditEventSink
    {
        public void Accept(AuditEvent auditEvent) => accept(auditEvent);
    }
}
