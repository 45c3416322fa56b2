namespace Kite.Agent.Diagnostics;

/// <summary>
/// What /healthz reports. The integrator updates it: <see cref="ProbeAttached"/> once the probe
/// runs, <see cref="ObserveEvents"/> with the running event count on every poll, and
/// <see cref="SetProblem"/> for any component that breaks. Healthy means: probe attached, events
/// arrived within the stale window, and no component reports a problem.
/// </summary>
internal sealed class AgentHealth
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _staleAfter;
    private readonly Dictionary<string, string> _problems = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private string? _probeDownReason = "starting: the probe is not attached yet";
    private long _lastEventCount;
    private bool _eventsSeen;
    private long _lastProgressTimestamp;

    public AgentHealth(TimeSpan staleAfter, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _staleAfter = staleAfter;
    }

    public void ProbeAttached()
    {
        lock (_lock)
        {
            _probeDownReason = null;
            _lastProgressTimestamp = _time.GetTimestamp();
        }
    }

    public void ProbeDetached(string reason)
    {
        lock (_lock)
            _probeDownReason = reason;
    }

    /// <summary>Reports the cumulative number of events read; progress since the last call counts as flow.</summary>
    public void ObserveEvents(long totalEvents)
    {
        lock (_lock)
        {
            if (totalEvents > _lastEventCount)
            {
                _lastProgressTimestamp = _time.GetTimestamp();
                _eventsSeen = true;
                _lastEventCount = totalEvents;
            }
        }
    }

    /// <summary>Marks a component unhealthy with a reason, or healthy again with null.</summary>
    public void SetProblem(string component, string? reason)
    {
        lock (_lock)
        {
            if (reason is null)
                _problems.Remove(component);
            else
                _problems[component] = reason;
        }
    }

    public HealthStatus Check()
    {
        lock (_lock)
        {
            if (_probeDownReason is not null)
                return new HealthStatus(false, _probeDownReason);
            if (_problems.Count > 0)
            {
                var (component, reason) = _problems.OrderBy(p => p.Key, StringComparer.Ordinal).First();
                return new HealthStatus(false, $"{component}: {reason}");
            }
            if (!_eventsSeen)
                return new HealthStatus(false, "waiting for the first kernel event");
            TimeSpan idle = _time.GetElapsedTime(_lastProgressTimestamp);
            if (idle > _staleAfter)
                return new HealthStatus(false, $"no kernel event for {(long)idle.TotalSeconds} s");
            return new HealthStatus(true, "ok");
        }
    }
}

/// <summary>The outcome of a health check: <see cref="Reason"/> is `ok` or why it is not.</summary>
internal readonly record struct HealthStatus(bool Healthy, string Reason);
