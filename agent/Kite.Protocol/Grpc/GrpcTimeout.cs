using System.Globalization;

namespace Kite.Protocol.Grpc;

/// <summary>
/// The `grpc-timeout` header: at most 8 ASCII digits followed by a unit
/// (H hours, M minutes, S seconds, m milliseconds, u microseconds, n nanoseconds).
/// </summary>
public static class GrpcTimeout
{
    private const long MaxValue = 99_999_999;

    /// <summary>Formats a timeout with the finest unit that fits 8 digits, rounding up so a deadline never shrinks.</summary>
    public static string Format(TimeSpan timeout)
    {
        long ticks = Math.Max(0, timeout.Ticks);
        // 1 tick = 100 ns.
        if (ticks <= MaxValue / 100)
            return string.Create(CultureInfo.InvariantCulture, $"{ticks * 100}n");
        long us = CeilDiv(ticks, 10);
        if (us <= MaxValue)
            return string.Create(CultureInfo.InvariantCulture, $"{us}u");
        long ms = CeilDiv(ticks, TimeSpan.TicksPerMillisecond);
        if (ms <= MaxValue)
            return string.Create(CultureInfo.InvariantCulture, $"{ms}m");
        long s = CeilDiv(ticks, TimeSpan.TicksPerSecond);
        if (s <= MaxValue)
            return string.Create(CultureInfo.InvariantCulture, $"{s}S");
        long m = CeilDiv(ticks, TimeSpan.TicksPerMinute);
        if (m <= MaxValue)
            return string.Create(CultureInfo.InvariantCulture, $"{m}M");
        return string.Create(CultureInfo.InvariantCulture, $"{Math.Min(MaxValue, CeilDiv(ticks, TimeSpan.TicksPerHour))}H");
    }

    /// <summary>Parses a `grpc-timeout` value; false for anything malformed.</summary>
    public static bool TryParse(string? text, out TimeSpan timeout)
    {
        timeout = default;
        if (text is null || text.Length is < 2 or > 9)
            return false;
        ReadOnlySpan<char> digits = text.AsSpan(0, text.Length - 1);
        foreach (char c in digits)
        {
            if (!char.IsAsciiDigit(c))
                return false;
        }
        long value = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        long? ticks = text[^1] switch
        {
            'H' => value * TimeSpan.TicksPerHour,
            'M' => value * TimeSpan.TicksPerMinute,
            'S' => value * TimeSpan.TicksPerSecond,
            'm' => value * TimeSpan.TicksPerMillisecond,
            'u' => CeilDiv(value, 1) * 10,
            'n' => CeilDiv(value, 100),
            _ => null,
        };
        if (ticks is not long t)
            return false;
        timeout = TimeSpan.FromTicks(t);
        return true;
    }

    private static long CeilDiv(long value, long divisor) => (value + divisor - 1) / divisor;
}
