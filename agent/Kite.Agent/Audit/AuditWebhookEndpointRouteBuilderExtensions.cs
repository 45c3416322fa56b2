using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kite.Agent.Audit;

/// <summary>Maps the Kubernetes audit webhook on an ASP.NET Core endpoint builder (Kite's webserver).</summary>
internal static class AuditWebhookEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Accepts POSTs of audit.k8s.io EventList/Event bodies on <paramref name="path"/> (Falco's
    /// default is `/k8s-audit`) and hands every event to <paramref name="sink"/>. Other methods get 405.
    /// </summary>
    public static IEndpointConventionBuilder MapK8sAuditWebhook(
        this IEndpointRouteBuilder endpoints, string path, IAuditEventSink sink, AuditWebhookOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var handler = new AuditWebhookHandler(sink, options ?? new AuditWebhookOptions());
        return endpoints.MapPost(path, (RequestDelegate)handler.HandleAsync).WithDisplayName("Kubernetes audit webhook");
    }
}
