namespace Kite.Protocol.Grpc;

/// <summary>
/// A call that ended with a status other than OK. Thrown by the client for the peer's status, and
/// thrown by server handlers to end a call with that status (the detail is sent to the client).
/// </summary>
public sealed class GrpcException : Exception
{
    public GrpcException(GrpcStatus status, Exception? inner = null)
        : base(status.ToString(), inner)
    {
        Status = status;
    }

    public GrpcException(GrpcStatusCode code, string detail, Exception? inner = null)
        : this(new GrpcStatus(code, detail), inner)
    {
    }

    public GrpcStatus Status { get; }

    public GrpcStatusCode StatusCode => Status.Code;

    /// <summary>Response trailers (client side), when the server sent any.</summary>
    public IReadOnlyDictionary<string, string> Trailers { get; init; } = new Dictionary<string, string>();
}
