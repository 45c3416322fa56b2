namespace Kite.Protocol.Grpc.Client;

/// <summary>The request stream of a client-streaming or bidirectional call.</summary>
public interface IGrpcClientStreamWriter<in T> : IGrpcStreamWriter<T>
{
    /// <summary>Half-closes the call: no more requests (END_STREAM). Idempotent.</summary>
    ValueTask CompleteAsync();
}
