using Kite.Agent.Configuration;
using Kite.Agent.Diagnostics;

namespace Kite.Agent.Outputs;

/// <summary>
/// outputs.rate / outputs.max_burst applied per rule: each rule has its own token bucket, so one
/// noisy rule exhausts only its own budget. Suppressed alerts are counted per rule (metric) and per
/// summary window (for the periodic "suppressed N times" alert).
/// </summary>
internal sealed class RuleRateLimiter
{
    private readonly RateLimitConfig _config;
    private readonly TimeProvider _time;
    private readonly CounterFamily _throttled;
    private readonly Dictionary<string, RuleState> _rules = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public RuleRateLimiter(RateLimitConfig config, CounterFamily throttled, TimeProvider? time = null)
    {
        _config = config;
        _throttled = throttled;
        _time = time ?? TimeProvider.System;
    }

    public bool IsUnlimited => _config.IsUnlimited;

    public bool TryAdmit(string rule)
    {
        if (_config.IsUnlimited)
            return true;
        lock (_lock)
        {
            long now = _time.GetTimestamp();
            if (!_rules.TryGetValue(rule, out RuleState? state))
            {
                state = new RuleState(new TokenBucket(_config.Rate, _config.MaxBurst, now, _time.TimestampFrequency), _throttled.For(rule));
                _rules.Add(rule, state);
            }
            if (state.Bucket.TryTake(now))
                return true;
            state.SuppressedInWindow++;
            state.Metric.Increment();
            return false;
        }
    }

    /// <summary>Rules that lost alerts since the last call, with how many; resets the window.</summary>
    public List<(string Rule, long Suppressed)> TakeWindow()
    {
        var result = new List<(string, long)>();
        lock (_lock)
        {
            foreach (var (rule, state) in _rules)
            {
                if (state.SuppressedInWindow > 0)
                {
                    result.Add((rule, state.SuppressedInWindow));
                    state.SuppressedInWindow = 0;
                }
            }
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return result;
    }

    private sealed class RuleState(TokenBucket bucket, MetricCounter metric)
    {
        public TokenBucket Bucket { get; } = bucket;

        public MetricCounter Metric { get; } = metric;

        public long SuppressedInWindow { get; set; }
    }
}
