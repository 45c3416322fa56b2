using Google.Protobuf.WellKnownTypes;

namespace Kite.Protocol.Alerts;

/// <summary>Nanoseconds since the epoch to and from google.protobuf.Timestamp, without losing precision.</summary>
public static class AlertTime
{
    /// <summary>Whole seconds since the epoch and the 0..999,999,999 nanoseconds after them (also before 1970).</summary>
    public static long Split(long unixNanos, out int nanos)
    {
        long seconds = Math.DivRem(unixNanos, 1_000_000_000L, out long rest);
        if (rest < 0)
        {
            seconds--;
            rest += 1_000_000_000L;
        }
        nanos = (int)rest;
        return seconds;
    }

    public static Timestamp ToTimestamp(long unixNanos)
    {
        long seconds = Split(unixNanos, out int nanos);
        return new Timestamp { Seconds = seconds, Nanos = nanos };
    }

    public static long FromTimestamp(Timestamp time) => checked(time.Seconds * 1_000_000_000L + time.Nanos);
}
