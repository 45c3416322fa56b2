namespace Kite.Agent.Outputs;

/// <summary>Kernel event counts of one interval (about a second): events delivered and events dropped.</summary>
internal readonly record struct KernelDropSample(long Events, long DropsBufferFull, long DropsOther = 0)
{
    public long TotalDrops => DropsBufferFull + DropsOther;

    /// <summary>Dropped events over all events the kernel saw in the interval.</summary>
    public double DropRatio => Events + TotalDrops == 0 ? 0 : (double)TotalDrops / (Events + TotalDrops);
}
