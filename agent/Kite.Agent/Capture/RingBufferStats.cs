namespace Kite.Agent.Capture;

/// <summary>What the ring-buffer consumer saw. Written by the capture thread only; read as a snapshot.</summary>
internal sealed class RingBufferStats
{
    /// <summary>Records handed to the decoder.</summary>
    public ulong Records;

    /// <summary>Records the producer reserved then discarded (DISCARD bit).</summary>
    public ulong DiscardedRecords;

    /// <summary>Times a drain stopped at a record still being written (BUSY bit); not an error.</summary>
    public ulong BusyStops;

    /// <summary>Headers with an impossible length; the consumer skipped to the producer position.</summary>
    public ulong CorruptRecords;

    /// <summary>Bytes skipped because of corrupt headers.</summary>
    public ulong SkippedBytes;
}
