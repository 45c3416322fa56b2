namespace Kite.Agent.Configuration;

/// <summary>`syscall_event_drops`: what to do when the kernel drops events (ring buffer full).</summary>
internal sealed record SyscallEventDropsConfig
{
    /// <summary>Fraction [0, 1] of dropped events in the last second above which actions run.</summary>
    public double Threshold { get; init; } = 0.1;

    public SyscallDropActions Actions { get; init; } = SyscallDropActions.Log | SyscallDropActions.Alert;

    /// <summary>Token bucket for log/alert actions: one every 1/rate seconds by default 30 s.</summary>
    public double Rate { get; init; } = 0.03333;

    public int MaxBurst { get; init; } = 1;

    /// <summary>Pretend drops happen every second (testing the actions); the threshold does not apply.</summary>
    public bool SimulateDrops { get; init; }
}

[Flags]
internal enum SyscallDropActions
{
    /// <summary>`ignore` (or an empty list): do nothing.</summary>
    None = 0,
    Log = 1,
    Alert = 2,
    Exit = 4,
}
