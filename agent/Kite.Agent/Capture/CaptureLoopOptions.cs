namespace Kite.Agent.Capture;

/// <summary>Tuning of <see cref="CaptureLoop"/>.</summary>
internal sealed record CaptureLoopOptions
{
    /// <summary>Records decoded before the consumer position is published and the loop checks for stop.</summary>
    public int BatchSize { get; init; } = 4096;

    /// <summary>Shortest wait when the ring is empty. The probe wakes us only past a fill threshold, so this bounds latency at high rates.</summary>
    public int MinWaitMs { get; init; } = 1;

    /// <summary>Longest wait: the wait doubles on each empty drain up to this, so an idle machine costs few wake-ups.</summary>
    public int MaxWaitMs { get; init; } = 50;
}
