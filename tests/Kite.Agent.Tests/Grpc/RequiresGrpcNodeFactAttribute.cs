using Kite.TestUtilities;

namespace Kite.Agent.Tests.Grpc;

/// <summary>
/// A test that drives grpc-js (tests/grpc-node, installed by `make deps`). Skips with a reason when
/// node or the packages are missing, except under CI where that is a failure of the setup.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresGrpcNodeFactAttribute : FactAttribute
{
    public RequiresGrpcNodeFactAttribute()
    {
        if (!TestEnvironment.IsCi && NodePeer.UnavailableReason() is string reason)
            Skip = reason;
    }
}
