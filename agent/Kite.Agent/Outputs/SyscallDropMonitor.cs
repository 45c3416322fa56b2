using Kite.Agent.Configuration;
using Kite.Agent.Diagnostics;
using Kite.Protocol.Alerts;
using Microsoft.Extensions.Logging;

namespace Kite.Agent.Outputs;

/// <summary>
/// `syscall_event_drops`: fed the kernel's event and drop counts once a second, decides whether the
/// drops cross the threshold and, as long as its token bucket (rate, max_burst) allows, runs the
/// actions: log a critical line, raise the internal alert "Kite internal: syscall event drop",
/// and/or ask the agent to exit.
/// </summary>
internal sealed class SyscallDropMonitor
{
    private readonly SyscallEventDropsConfig _config;
    private readonly Action<Alert> _raiseAlert;
    private readonly Action<string> _requestExit;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _hostname;
    private readonly TokenBucket _bucket;

    /// <param name="raiseAlert">Where internal alerts go (the dispatcher's <see cref="OutputDispatcher.EnqueueInternal"/>).</param>
    /// <param name="requestExit">Called with the reason when the `exit` action fires; the agent then stops with a non-zero code.</param>
    public SyscallDropMonitor(SyscallEventDropsConfig config, Action<Alert> raiseAlert, Action<string> requestExit, ILogger logger, string hostname, TimeProvider? time = null)
    {
        _config = config;
        _raiseAlert = raiseAlert;
        _requestExit = requestExit;
        _logger = logger;
        _hostname = hostname;
        _time = time ?? TimeProvider.System;
        _bucket = new TokenBucket(config.Rate, config.MaxBurst, _time.GetTimestamp(), _time.TimestampFrequency);
    }

    /// <summary>Actions suppressed by the token bucket so far.</summary>
    public long Throttled { get; private set; }

    /// <summary>Handles one interval's counts; returns the actions that ran.</summary>
    public SyscallDropActions OnInterval(KernelDropSample sample)
    {
        if (_config.SimulateDrops)
            sample = sample with { DropsBufferFull = Math.Max(1, sample.DropsBufferFull) };
        else if (sample.TotalDrops == 0 || sample.DropRatio <= _config.Threshold && _config.Threshold > 0)
            return SyscallDropActions.None;

        if (_config.Actions == SyscallDropActions.None)
            return SyscallDropActions.None;
        if (!_bucket.TryTake(_time.GetTimestamp()))
        {
            Throttled++;
            return SyscallDropActions.None;
        }
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000;
        Alert alert = InternalAlerts.SyscallDrop(sample, now, _hostname);
        if ((_config.Actions & SyscallDropActions.Log) != 0)
            AgentLog.SyscallEventDrop(_logger, alert.Output);
        if ((_config.Actions & SyscallDropActions.Alert) != 0)
            _raiseAlert(alert);
        if ((_config.Actions & SyscallDropActions.Exit) != 0)
            _requestExit($"{alert.Output} (syscall_event_drops.actions has exit)");
        return _config.Actions;
    }
}
