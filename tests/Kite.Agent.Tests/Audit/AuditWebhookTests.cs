using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Kite.Agent.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kite.Agent.Tests.Audit;

/// <summary>The webhook on a real Kestrel listener (127.0.0.1, ephemeral port), driven by real HTTP requests.</summary>
public sealed class AuditWebhookTests : IAsyncLifetime
{
    private const string WebhookPath = "/k8s-audit";
    private const string Token = "s3cr3t-webhook-token";
    private const long MaxBodyBytes = 64 * 1024;

    private readonly RecordingSink _sink = new();
    private readonly AuditWebhookCounters _counters = new();
    private WebApplication? _app;
    private HttpClient? _client;

    private HttpClient Client => _client!;

    public async Task InitializeAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapK8sAuditWebhook(WebhookPath, _sink, new AuditWebhookOptions { MaxBodyBytes = MaxBodyBytes, Counters = _counters });
        _app.MapK8sAuditWebhook("/k8s-audit-auth", _sink, new AuditWebhookOptions { BearerToken = Token, Counters = _counters });
        await _app.StartAsync();
        string address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
            await _app.DisposeAsync();
    }

    private Task<HttpResponseMessage> PostAsync(string body, string path = WebhookPath, string contentType = "application/json") =>
        Client.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    [Fact]
    public async Task EventListIsSplitIntoEventsDeliveredInOrder()
    {
        string body = AuditEventSamples.List(AuditEventSamples.PodCreate, AuditEventSamples.PodExec, AuditEventSamples.SecretCreate);

        HttpResponseMessage response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, (await ReadJsonAsync(response)).GetProperty("accepted").GetInt32());
        Assert.Equal(["pods", "pods", "secrets"], _sink.Resources);
        Assert.Equal(["create", "create", "create"], _sink.Verbs);
        Assert.Equal(3, _counters.AcceptedEvents);
        Assert.True(_sink.Numbers.SequenceEqual(_sink.Numbers.Order()) && _sink.Numbers.Distinct().Count() == 3);
    }

    [Fact]
    public async Task SingleEventIsAccepted()
    {
        HttpResponseMessage response = await PostAsync(AuditEventSamples.AnonymousGet);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["system:anonymous"], _sink.Users);
    }

    [Theory]
    [InlineData("{\"kind\":\"EventList\",\"items\":[", "not valid JSON")]
    [InlineData("[1,2,3]", "got an array")]
    [InlineData("\"hello\"", "got a string")]
    [InlineData("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\"}", "no 'items' array")]
    [InlineData("{\"kind\":\"Pod\",\"apiVersion\":\"v1\"}", "apiVersion 'v1' is not audit.k8s.io")]
    [InlineData("{\"kind\":\"Status\",\"apiVersion\":\"audit.k8s.io/v1\"}", "kind 'Status' is not EventList or Event")]
    [InlineData("{\"hello\":\"world\"}", "neither an audit EventList")]
    [InlineData("", "empty body")]
    public async Task MalformedBodiesAreRejectedWithAReason(string body, string reason)
    {
        HttpResponseMessage response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await ReadJsonAsync(response)).GetProperty("error").GetString());
        Assert.Empty(_sink.Users);
        Assert.Equal(1, _counters.RejectedRequests);
    }

    [Fact]
    public async Task ListItemsThatAreNotEventsAreDroppedAndCounted()
    {
        string body = AuditEventSamples.List(AuditEventSamples.PodCreate, "42", "{\"kind\":\"Pod\"}", AuditEventSamples.SecretCreate);

        HttpResponseMessage response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement result = await ReadJsonAsync(response);
        Assert.Equal(2, result.GetProperty("accepted").GetInt32());
        Assert.Equal(2, result.GetProperty("rejected").GetInt32());
        Assert.Equal(["pods", "secrets"], _sink.Resources);
        Assert.Equal(2, _counters.RejectedEvents);
    }

    [Fact]
    public async Task BodyOverTheLimitIsRejectedWithoutReachingTheSink()
    {
        string padding = new('x', (int)MaxBodyBytes);
        string body = AuditEventSamples.With(AuditEventSamples.PodCreate, root => root["padding"] = padding);

        HttpResponseMessage response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(_sink.Users);
        Assert.Equal(1, _counters.RejectedRequests);
    }

    [Fact]
    public async Task ChunkedBodyOverTheLimitIsRejected()
    {
        string padding = new('x', (int)MaxBodyBytes);
        byte[] body = Encoding.UTF8.GetBytes(AuditEventSamples.With(AuditEventSamples.PodCreate, root => root["padding"] = padding));
        var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, WebhookPath) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        HttpResponseMessage response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(_sink.Users);
    }

    [Fact]
    public async Task NonJsonContentTypeIsRejected()
    {
        HttpResponseMessage response = await PostAsync(AuditEventSamples.PodCreate, contentType: "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty(_sink.Users);
    }

    [Fact]
    public async Task GetIsNotAllowed()
    {
        HttpResponseMessage response = await Client.GetAsync(WebhookPath);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token")]
    [InlineData("Basic czNjcjN0LXdlYmhvb2stdG9rZW4=")]
    public async Task MissingOrWrongTokenIsUnauthorized(string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/k8s-audit-auth") { Content = new StringContent(AuditEventSamples.PodCreate, Encoding.UTF8, "application/json") };
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);

        HttpResponseMessage response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_sink.Users);
        Assert.Equal(1, _counters.UnauthorizedRequests);
    }

    [Fact]
    public async Task RightTokenIsAccepted()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/k8s-audit-auth") { Content = new StringContent(AuditEventSamples.PodCreate, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        HttpResponseMessage response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["alice@example.com"], _sink.Users);
    }

    [Fact]
    public async Task SinkFailureIsCountedAndTheRestOfTheBatchIsDelivered()
    {
        _sink.FailOnUser = "system:anonymous";
        string body = AuditEventSamples.List(AuditEventSamples.AnonymousGet, AuditEventSamples.SecretCreate);

        HttpResponseMessage response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["system:anonymous", "alice@example.com"], _sink.Users);
        Assert.Equal(1, _counters.SinkFailures);
        Assert.Equal(1, _counters.AcceptedEvents);
    }

    [Fact]
    public async Task ServerKeepsServingAfterGarbage()
    {
        await PostAsync("\u0000\u0001garbage");
        await PostAsync("{\"items\":[{\"verb\":");

        HttpResponseMessage response = await PostAsync(AuditEventSamples.List(AuditEventSamples.PodExec));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["exec"], _sink.Subresources);
        Assert.Equal(2, _counters.RejectedRequests);
    }

    private sealed class RecordingSink : IAuditEventSink
    {
        private readonly Lock _lock = new();

        public List<string?> Users { get; } = [];
        public List<string?> Verbs { get; } = [];
        public List<string?> Resources { get; } = [];
        public List<string?> Subresources { get; } = [];
        public List<ulong> Numbers { get; } = [];
        public string? FailOnUser { get; set; }

        public void Accept(AuditEvent auditEvent)
        {
            // Read everything now: the event is only valid during the call.
            string? user = AuditFieldExtractor.Extract(auditEvent, AuditField.UserName).Text;
            lock (_lock)
            {
                Users.Add(user);
                Verbs.Add(AuditFieldExtractor.Extract(auditEvent, AuditField.Verb).Text);
                Resources.Add(AuditFieldExtractor.Extract(auditEvent, AuditField.TargetResource).Text);
                string? subresource = AuditFieldExtractor.Extract(auditEvent, AuditField.TargetSubresource).Text;
                if (subresource is not null)
                    Subresources.Add(subresource);
                Numbers.Add(auditEvent.Number);
            }
            if (user == FailOnUser)
                throw new InvalidOperationException("sink failure injected by the test");
        }
    }
}
