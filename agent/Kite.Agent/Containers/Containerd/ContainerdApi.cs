using Google.Protobuf.WellKnownTypes;
using Kite.Agent.Containers.Containerd.Api;
using Kite.Protocol.Grpc;

namespace Kite.Agent.Containers.Containerd;

/// <summary>The containerd RPCs the agent calls (paths as containerd serves them; messages from our own .proto files).</summary>
internal static class ContainerdApi
{
    public const string NamespaceHeader = "containerd-namespace";

    public static readonly GrpcMethod<GetContainerRequest, GetContainerResponse> GetContainer =
        new("containerd.services.containers.v1.Containers", "Get", GrpcMethodType.Unary);

    public static readonly GrpcMethod<ListContainersRequest, ListContainersResponse> ListContainers =
        new("containerd.services.containers.v1.Containers", "List", GrpcMethodType.Unary);

    public static readonly GrpcMethod<GetImageRequest, GetImageResponse> GetImage =
        new("containerd.services.images.v1.Images", "Get", GrpcMethodType.Unary);

    public static readonly GrpcMethod<GetTaskRequest, GetTaskResponse> GetTask =
        new("containerd.services.tasks.v1.Tasks", "Get", GrpcMethodType.Unary);

    public static readonly GrpcMethod<Empty, VersionResponse> Version =
        new("containerd.services.version.v1.Version", "Version", GrpcMethodType.Unary);
}
