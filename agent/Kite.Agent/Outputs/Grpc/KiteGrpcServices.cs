using Kite.Protocol.Grpc.Server;
using Microsoft.Extensions.Logging;

namespace Kite.Agent.Outputs.Grpc;

/// <summary>Hosts the agent's gRPC services (today: falco.outputs.service) per falco.yaml's `grpc:` block.</summary>
internal static class KiteGrpcServices
{
    /// <summary>Builds the router, maps the services onto it and starts Kestrel; dispose the result to stop.</summary>
    public static Task<GrpcServer> StartAsync(GrpcServerOptions options, AlertBroadcastHub hub, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        var router = new GrpcServiceRouter { MaxReceiveMessageSize = options.MaxReceiveMessageSize };
        new FalcoOutputsService(hub).MapTo(router);
        return GrpcServer.StartAsync(options, router, loggerFactory, cancellationToken);
    }
}
