namespace Kite.Agent.Outputs;

/// <summary>
/// Counts occurrences and lets one log line through per interval, carrying the count since the last
/// line: a flood of drops or failures becomes one line every few seconds, and nothing goes uncounted.
/// </summary>
internal sealed class RateLimitedLog
{
    private readonly TimeProvider _time;
    private readonly long _intervalTicks;
    private readonly Lock _lock = new();
    private long _pending;
    private long _lastLogTimestamp;
    private bool _everLogged;

    public RateLimitedLog(TimeSpan interval, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        Interval = interval;
        _intervalTicks = (long)(interval.TotalSeconds * _time.TimestampFrequency);
    }

    public TimeSpan Interval { get; }

    /// <summary>Records one occurrence; true when a line should be logged now with <paramref name="count"/> occurrences.</summary>
    public bool Record(out long count)
    {
        lock (_lock)
        {
            _pending++;
            long now = _time.GetTimestamp();
            if (_everLogged && now - _lastLogTimestamp < _intervalTicks)
            {
                count = 0;
                return false;
            }
            _everLogged = true;
            _lastLogTimestamp = now;
            count = _pending;
            _pending = 0;
            return true;
        }
    }
}
