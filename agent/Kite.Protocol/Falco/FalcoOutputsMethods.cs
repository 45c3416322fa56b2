using Kite.Protocol.Grpc;

namespace Kite.Protocol.Falco;

/// <summary>The RPCs of the legacy `falco.outputs.service`.</summary>
public static class FalcoOutputsMethods
{
    public const string Service = "falco.outputs.service";

    /// <summary>`/falco.outputs.service/sub`: bidirectional; requests are keepalives, responses are alerts.</summary>
    public static GrpcMethod<request, response> Sub { get; } = new(Service, "sub", GrpcMethodType.DuplexStreaming);

    /// <summary>`/falco.outputs.service/get`: server streaming of the buffered alerts.</summary>
    public static GrpcMethod<request, response> Get { get; } = new(Service, "get", GrpcMethodType.ServerStreaming);
}
