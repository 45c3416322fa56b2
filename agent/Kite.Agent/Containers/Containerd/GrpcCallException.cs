namespace Kite.Agent.Containers.Containerd;

/// <summary>A gRPC call that completed with a non-OK grpc-status (e.g. 5 NOT_FOUND, 14 UNAVAILABLE).</summary>
internal sealed class GrpcCallException(int statusCode, string method, string? detail)
    : Exception($"{method}: grpc-status {statusCode}{(string.IsNullOrEmpty(detail) ? "" : ": " + detail)}")
{
    public const int NotFound = 5;
    public const int Unimplemented = 12;
    public const int Unavailable = 14;

    public int StatusCode { get; } = statusCode;
}
