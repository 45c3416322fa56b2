using Kite.Agent.Events;

namespace Kite.Agent.Capture;

/// <summary>Counters of the capture loop. Written by the capture thread only; other threads read them as a snapshot (torn reads are harmless for counters).</summary>
internal sealed class CaptureStats
{
    private readonly ulong[] _malformed = new ulong[Enum.GetValues<RawEventStatus>().Length];

    /// <summary>Events decoded and handed to the sink.</summary>
    public ulong Events;

    /// <summary>Drains that returned at least one record.</summary>
    public ulong Batches;

    /// <summary>Waits that ended because the kernel (or a stop request) signalled.</summary>
    public ulong Wakeups;

    /// <summary>Waits that ended on their timeout.</summary>
    public ulong Timeouts;

    /// <summary>Records rejected by the decoder, all reasons.</summary>
    public ulong Malformed
    {
        get
        {
            ulong sum = 0;
            foreach (ulong v in _malformed)
                sum += v;
            return sum;
        }
    }

    public ulong MalformedFor(RawEventStatus status) => _malformed[(int)status];

    internal void CountMalformed(RawEventStatus status) => _malformed[(int)status]++;
}
