namespace Kite.Agent.Audit;

/// <summary>
/// What the audit webhook received, accepted and rejected since start. Thread-safe; read by the
/// metrics endpoint and by tests. Rejections are counted, not logged per request.
/// </summary>
internal sealed class AuditWebhookCounters
{
    private long _requests;
    private long _rejectedRequests;
    private long _unauthorizedRequests;
    private long _acceptedEvents;
    private long _rejectedEvents;
    private long _sinkFailures;

    /// <summary>Requests that reached the endpoint.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests refused as a whole: not JSON, not an Event or EventList, wrong content type, body too large, empty.</summary>
    public long RejectedRequests => Interlocked.Read(ref _rejectedRequests);

    /// <summary>Requests refused because the bearer token was missing or wrong.</summary>
    public long UnauthorizedRequests => Interlocked.Read(ref _unauthorizedRequests);

    /// <summary>Events handed to the sink.</summary>
    public long AcceptedEvents => Interlocked.Read(ref _acceptedEvents);

    /// <summary>Items of an otherwise valid EventList that were not Event objects, and dropped.</summary>
    public long RejectedEvents => Interlocked.Read(ref _rejectedEvents);

    /// <summary>Events whose sink call threw.</summary>
    public long SinkFailures => Interlocked.Read(ref _sinkFailures);

    internal void CountRequest() => Interlocked.Increment(ref _requests);

    internal void CountRejectedRequest() => Interlocked.Increment(ref _rejectedRequests);

    internal void CountUnauthorizedRequest() => Interlocked.Increment(ref _unauthorizedRequests);

    internal void CountAcceptedEvent() => Interlocked.Increment(ref _acceptedEvents);

    internal void CountRejectedEvents(int count) => Interlocked.Add(ref _rejectedEvents, count);

    internal void CountSinkFailure() => Interlocked.Increment(ref _sinkFailures);
}
