using System.Collections.Immutable;
using Kite.Protocol.Alerts;
using Microsoft.Extensions.Logging;

namespace Kite.Agent.Configuration;

/// <summary>
/// The agent's whole configuration, read once at startup from a falco.yaml-compatible file,
/// -o overrides and -r rules files (see <see cref="ConfigLoader"/>). Immutable: components
/// receive the section they need and never see a half-updated config.
/// </summary>
internal sealed record AgentConfig
{
    /// <summary>The embedded defaults: Kite's own rules, stdout output, webserver on 8765.</summary>
    public static AgentConfig Default { get; } = new();

    /// <summary>Rules files or folders, in load order. Empty: Kite's embedded default rules.</summary>
    public ImmutableArray<string> RulesFiles { get; init; } = [];

    /// <summary>True when no rules file was configured and the embedded default rules apply.</summary>
    public bool UsesEmbeddedRules => RulesFiles.IsEmpty;

    /// <summary>`priority`: rules less severe than this are not loaded.</summary>
    public AlertPriority MinimumPriority { get; init; } = AlertPriority.Debug;

    /// <summary>`rule_matching`: stop at the first matching rule, or report every match.</summary>
    public RuleMatching RuleMatching { get; init; } = RuleMatching.First;

    /// <summary>`rules`: enable/disable selectors applied in order after loading.</summary>
    public ImmutableArray<RuleSelector> RuleSelectors { get; init; } = [];

    public AlertFormatConfig Format { get; init; } = new();

    /// <summary>`buffered_outputs`: flush after bursts instead of after every alert.</summary>
    public bool BufferedOutputs { get; init; }

    /// <summary>`output_timeout` in milliseconds: how long one output write may take.</summary>
    public int OutputTimeoutMs { get; init; } = 2000;

    public LoggingConfig Logging { get; init; } = new();

    /// <summary>`outputs.rate` / `outputs.max_burst`: per-rule alert token bucket.</summary>
    public RateLimitConfig OutputsRateLimit { get; init; } = new();

    /// <summary>`outputs_queue.capacity`: alerts waiting between capture and outputs (0 in falco.yaml = Kite's bounded default).</summary>
    public int OutputsQueueCapacity { get; init; } = DefaultOutputsQueueCapacity;

    public const int DefaultOutputsQueueCapacity = 100_000;

    public SyscallEventDropsConfig SyscallEventDrops { get; init; } = new();

    public StdoutOutputConfig StdoutOutput { get; init; } = new();

    public FileOutputConfig FileOutput { get; init; } = new();

    public SyslogOutputConfig SyslogOutput { get; init; } = new();

    public ProgramOutputConfig ProgramOutput { get; init; } = new();

    public HttpOutputConfig HttpOutput { get; init; } = new();

    public GrpcConfig Grpc { get; init; } = new();

    /// <summary>
    /// `grpc_output`: with `enabled`, alerts stream to subscribers of the gRPC server (needs <see cref="Grpc"/>
    /// enabled, Falco's meaning); with an `address` too, they are also pushed to a kite.v1.AlertIngest receiver.
    /// </summary>
    public Outputs.Grpc.GrpcOutputOptions GrpcOutput { get; init; } = new();

    /// <summary>`grpc_output.enabled`.</summary>
    public bool GrpcOutputEnabled => GrpcOutput.Enabled;

    public WebserverConfig Webserver { get; init; } = new();

    public BaseSyscallsConfig BaseSyscalls { get; init; } = new();

    /// <summary>`watch_config_files`: restart the pipeline when the config or rules files change.</summary>
    public bool WatchConfigFiles { get; init; } = true;

    /// <summary>Kite's own settings (the `kite:` section), absent from Falco's schema.</summary>
    public KiteSettings Kite { get; init; } = new();

    /// <summary>The files the configuration was read from (main file, then config_files), for watch_config_files.</summary>
    public ImmutableArray<string> SourceFiles { get; init; } = [];

    /// <summary>Maps Falco's log_level names onto .NET log levels (notice is information).</summary>
    public static bool TryParseLogLevel(string text, out LogLevel level)
    {
        level = text.Trim().ToLowerInvariant() switch
        {
            "emergency" or "alert" or "critical" => LogLevel.Critical,
            "error" => LogLevel.Error,
            "warning" => LogLevel.Warning,
            "notice" or "info" => LogLevel.Information,
            "debug" => LogLevel.Debug,
            "trace" => LogLevel.Trace,
            _ => LogLevel.None,
        };
        return level != LogLevel.None;
    }
}
