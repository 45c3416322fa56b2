namespace Kite.Protocol.Grpc.Server;

/// <summary>Calls finished per status code, and calls rejected before routing (bad content-type, not POST).</summary>
public sealed class GrpcCallCounters
{
    private readonly long[] _byStatus = new long[17];
    private long _rejected;

    public long Rejected => Interlocked.Read(ref _rejected);

    public long this[GrpcStatusCode code] => (uint)code < (uint)_byStatus.Length ? Interlocked.Read(ref _byStatus[(int)code]) : 0;

    internal void Count(GrpcStatusCode code)
    {
        if ((uint)code < (uint)_byStatus.Length)
            Interlocked.Increment(ref _byStatus[(int)code]);
    }

    internal void CountRejected() => Interlocked.Increment(ref _rejected);
}
