using Google.Protobuf;

namespace Kite.Protocol.Grpc;

/// <summary>
/// One RPC of a service: its HTTP/2 path `/package.Service/Method`, its kind and the parsers of its
/// protobuf messages. Shared by the client and the server router.
/// </summary>
public sealed class GrpcMethod<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    /// <param name="service">Fully qualified service name, e.g. `falco.outputs.service`.</param>
    /// <param name="name">Method name as in the .proto, e.g. `sub`.</param>
    public GrpcMethod(string service, string name, GrpcMethodType type)
    {
        Service = service;
        Name = name;
        Type = type;
        Path = $"/{service}/{name}";
    }

    public string Service { get; }

    public string Name { get; }

    public GrpcMethodType Type { get; }

    /// <summary>The `:path` of the call.</summary>
    public string Path { get; }

    public MessageParser<TRequest> RequestParser { get; } = new(() => new TRequest());

    public MessageParser<TResponse> ResponseParser { get; } = new(() => new TResponse());

    public override string ToString() => Path;
}
