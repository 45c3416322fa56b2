namespace Kite.Agent.Outputs;

/// <summary>
/// Classic token bucket: <c>rate</c> tokens per second accrue up to <c>maxBurst</c>; each action
/// takes one. Starts full. Times are <see cref="TimeProvider"/> timestamps so tests control the clock.
/// Not thread-safe: the owner serializes calls.
/// </summary>
internal sealed class TokenBucket
{
    private readonly double _rate;
    private readonly double _capacity;
    private readonly long _frequency;
    private double _tokens;
    private long _last;

    public TokenBucket(double rate, double maxBurst, long nowTimestamp, long timestampFrequency)
    {
        _rate = rate;
        _capacity = Math.Max(1, maxBurst);
        _frequency = timestampFrequency;
        _tokens = _capacity;
        _last = nowTimestamp;
    }

    public double Tokens => _tokens;

    public bool TryTake(long nowTimestamp)
    {
        if (nowTimestamp > _last)
        {
            _tokens = Math.Min(_capacity, _tokens + ((nowTimestamp - _last) * _rate / _frequency));
            _last = nowTimestamp;
        }
        if (_tokens < 1)
            return false;
        _tokens -= 1;
        return true;
    }
}
