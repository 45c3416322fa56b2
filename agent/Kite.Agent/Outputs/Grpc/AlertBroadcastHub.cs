using Kite.Protocol.Alerts;
using Kite.Protocol.Falco;

namespace Kite.Agent.Outputs.Grpc;

/// <summary>
/// Fans every alert out to every gRPC subscriber (`falco.outputs.service/sub`), and keeps the most
/// recent alerts for `get`. Publishing never blocks: a full subscriber buffer drops the alert for
/// that subscriber and counts it. Thread-safe.
/// </summary>
internal sealed class AlertBroadcastHub
{
    private readonly object _lock = new();
    private readonly response?[] _recent;
    private readonly int _subscriberCapacity;
    private AlertSubscription[] _subscribers = [];
    private int _recentNext;
    private long _recentCount;
    private long _published;
    private long _dropped;

    /// <param name="subscriberCapacity">Alerts buffered per subscriber before drops start.</param>
    /// <param name="recentCapacity">Alerts kept for `get` (0 disables the history).</param>
    public AlertBroadcastHub(int subscriberCapacity = 1024, int recentCapacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(subscriberCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(recentCapacity);
        _subscriberCapacity = subscriberCapacity;
        _recent = new response?[recentCapacity];
    }

    public long Published => Interlocked.Read(ref _published);

    /// <summary>Alerts dropped across all subscribers (one alert missed by two subscribers counts twice).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public IReadOnlyList<AlertSubscription> Subscribers => Volatile.Read(ref _subscribers);

    /// <summary>Converts the alert once and offers it to every subscriber.</summary>
    public void Publish(Alert alert)
    {
        response message = FalcoOutputConversion.ToResponse(alert);
        AlertSubscription[] subscribers;
        lock (_lock)
        {
            if (_recent.Length > 0)
            {
                _recent[_recentNext] = message;
                _recentNext = (_recentNext + 1) % _recent.Length;
                _recentCount++;
            }
            subscribers = _subscribers;
        }
        Interlocked.Increment(ref _published);
        foreach (AlertSubscription subscriber in subscribers)
        {
            if (!subscriber.TryEnqueue(message))
                Interlocked.Increment(ref _dropped);
        }
    }

    public AlertSubscription Subscribe(string peer)
    {
        var subscription = new AlertSubscription(this, peer, _subscriberCapacity);
        lock (_lock)
            _subscribers = [.. _subscribers, subscription];
        return subscription;
    }

    /// <summary>The retained recent alerts, oldest first.</summary>
    public IReadOnlyList<response> Recent()
    {
        lock (_lock)
        {
            int count = (int)Math.Min(_recentCount, _recent.Length);
            var result = new List<response>(count);
            int start = (_recentNext - count + _recent.Length) % Math.Max(1, _recent.Length);
            for (int i = 0; i < count; i++)
                result.Add(_recent[(start + i) % _recent.Length]!);
            return result;
        }
    }

    internal void Remove(AlertSubscription subscription)
    {
        lock (_lock)
            _subscribers = Array.FindAll(_subscribers, s => !ReferenceEquals(s, subscription));
    }
}
