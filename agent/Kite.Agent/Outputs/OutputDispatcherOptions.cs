using Kite.Agent.Configuration;

namespace Kite.Agent.Outputs;

/// <summary>The dispatcher's settings, taken from <see cref="AgentConfig"/> by <see cref="From"/>.</summary>
internal sealed record OutputDispatcherOptions
{
    /// <summary>outputs_queue.capacity: alerts between the capture thread and the router.</summary>
    public int QueueCapacity { get; init; } = AgentConfig.DefaultOutputsQueueCapacity;

    /// <summary>kite.output_queue_capacity: alerts waiting per output.</summary>
    public int OutputQueueCapacity { get; init; } = 10_000;

    public RateLimitConfig RateLimit { get; init; } = new();

    public bool BufferedOutputs { get; init; }

    /// <summary>How long shutdown waits for queued alerts to be written before giving up (counted as lost).</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the "rule X suppressed N times" summary alerts are raised.</summary>
    public TimeSpan ThrottleSummaryInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Interval between two "queue full" log lines.</summary>
    public TimeSpan DropLogInterval { get; init; } = TimeSpan.FromSeconds(10);

    public string Hostname { get; init; } = "";

    public static OutputDispatcherOptions From(AgentConfig config, string hostname) => new()
    {
        QueueCapacity = config.OutputsQueueCapacity,
        OutputQueueCapacity = config.Kite.OutputQueueCapacity,
        RateLimit = config.OutputsRateLimit,
        BufferedOutputs = config.BufferedOutputs,
        ShutdownTimeout = TimeSpan.FromMilliseconds(config.Kite.ShutdownTimeoutMs),
        Hostname = hostname,
    };
}
