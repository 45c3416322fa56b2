using Kite.Protocol.Grpc;

namespace Kite.Protocol.Ingest;

/// <summary>The RPCs of Kite's `kite.v1.AlertIngest` service.</summary>
public static class AlertIngestMethods
{
    public const string Service = "kite.v1.AlertIngest";

    /// <summary>`/kite.v1.AlertIngest/Push`: the sender streams batches, the receiver streams one Ack per batch.</summary>
    public static GrpcMethod<AlertBatch, Ack> Push { get; } = new(Service, "Push", GrpcMethodType.DuplexStreaming);
}
