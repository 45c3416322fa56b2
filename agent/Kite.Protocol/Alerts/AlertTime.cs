using Google.Protobuf.WellKnownTypes;

namespace Kite.Protocol.Alerts;

/// <summary>Nanoseconds since the epoch to and from google.protobuf.Timestamp, without losing precision.</summary>
public static class AlertTime
{
    public static Timestamp ToTimestamp(long unixNanos)
    {
        long seconds = Math.DivRem(unixNanos, 1_000_000_000L, out long nanos);
        if (nanos < 0)
        {
            seconds--;
            nanos += 1_000_000_000L;
        }
        return new Timestamp { Seconds = seconds, Nanos = (int)nanos };
    }

    public static long FromTimestamp(Timestamp time) => checked(time.Seconds * 1_000_000_000L + time.Nanos);
}
