using Google.Protobuf;

namespace Kite.Protocol.Grpc;

internal static class GrpcMessageParsing
{
    /// <summary>Parses a received message; a payload that is not valid protobuf is INTERNAL.</summary>
    public static T Parse<T>(MessageParser<T> parser, byte[] payload)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new GrpcException(GrpcStatusCode.Internal, $"failed to parse {typeof(T).Name}: {e.Message}", e);
        }
    }
}
