namespace Kite.Agent.Capture;

/// <summary>
/// Receives the records of one drained batch. Implemented by structs so the JIT specializes
/// <see cref="RingBufferConsumer.Drain{THandler}"/> and inlines the call.
/// </summary>
/// <remarks>The span points into the mapped ring and is valid only during the call.</remarks>
internal interface IRingRecordHandler
{
    void OnRecord(ReadOnlySpan<byte> record);
}
