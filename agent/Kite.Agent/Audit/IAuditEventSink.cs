namespace Kite.Agent.Audit;

/// <summary>
/// Receives the audit events the webhook accepted, one call per event, in the order the API server
/// sent them. The integrator implements it to run the k8s_audit rules and emit alerts.
/// </summary>
/// <remarks>
/// The event is valid only during the call (its JSON lives in the request's buffer); call
/// <see cref="AuditEvent.Detach"/> to keep it. An exception is counted
/// (<see cref="AuditWebhookCounters.SinkFailures"/>) and does not stop the other events of the request.
/// </remarks>
internal interface IAuditEventSink
{
    void Accept(AuditEvent auditEvent);
}
