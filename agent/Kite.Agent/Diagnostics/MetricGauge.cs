namespace Kite.Agent.Diagnostics;

/// <summary>A value that goes up and down (queue length, table size); stored as bits for atomic writes.</summary>
internal sealed class MetricGauge
{
    private long _bits;

    public double Value => BitConverter.Int64BitsToDouble(Volatile.Read(ref _bits));

    public void Set(double value) => Volatile.Write(ref _bits, BitConverter.DoubleToInt64Bits(value));
}
