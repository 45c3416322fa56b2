namespace Kite.Protocol.Grpc;

/// <summary>The outgoing message stream of a call. One writer at a time: writes must not overlap.</summary>
public interface IGrpcStreamWriter<in T>
{
    ValueTask WriteAsync(T message, CancellationToken cancellationToken = default);
}
