using System.Threading.Channels;
using Kite.Protocol.Falco;

namespace Kite.Agent.Outputs.Grpc;

/// <summary>
/// One subscriber of the <see cref="AlertBroadcastHub"/>: a bounded buffer of alerts waiting to be
/// written to its stream. When the subscriber reads slower than alerts arrive, new alerts are
/// dropped for it alone and counted; other subscribers are unaffected.
/// </summary>
internal sealed class AlertSubscription : IDisposable
{
    private readonly AlertBroadcastHub _hub;
    private readonly Channel<response> _buffer;
    private long _dropped;
    private long _delivered;

    internal AlertSubscription(AlertBroadcastHub hub, string peer, int capacity)
    {
        _hub = hub;
        Peer = peer;
        _buffer = Channel.CreateBounded<response>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public string Peer { get; }

    /// <summary>Alerts this subscriber missed because its buffer was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Alerts handed to the subscriber's stream.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    public ChannelReader<response> Reader => _buffer.Reader;

    internal bool TryEnqueue(response alert)
    {
        if (_buffer.Writer.TryWrite(alert))
            return true;
        Interlocked.Increment(ref _dropped);
        return false;
    }

    internal void CountDelivered() => Interlocked.Increment(ref _delivered);

    public void Dispose()
    {
        _buffer.Writer.TryComplete();
        _hub.Remove(this);
    }
}
