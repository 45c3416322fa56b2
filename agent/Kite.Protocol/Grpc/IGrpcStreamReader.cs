namespace Kite.Protocol.Grpc;

/// <summary>The incoming message stream of a call (requests on the server, responses on the client).</summary>
public interface IGrpcStreamReader<T>
{
    /// <summary>The message read by the last successful <see cref="MoveNextAsync"/>.</summary>
    T Current { get; }

    /// <summary>Reads the next message; false at the end of the stream. Throws <see cref="GrpcException"/> on a failed call.</summary>
    ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken = default);
}
