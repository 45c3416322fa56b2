namespace Kite.Protocol.Grpc;

public enum GrpcMethodType
{
    Unary,
    ServerStreaming,
    ClientStreaming,
    DuplexStreaming,
}
