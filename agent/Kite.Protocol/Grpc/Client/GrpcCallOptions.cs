namespace Kite.Protocol.Grpc.Client;

/// <summary>Per-call settings: deadline, metadata, cancellation.</summary>
public sealed record GrpcCallOptions
{
    public static GrpcCallOptions Default { get; } = new();

    /// <summary>Time the call may take; sent as `grpc-timeout` and enforced locally (DEADLINE_EXCEEDED).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Extra request metadata (ASCII values; names ending in `-bin` are base64 by the caller).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Cancels the call (the stream is reset with RST_STREAM); the call fails with CANCELLED.</summary>
    public CancellationToken CancellationToken { get; init; }
}
