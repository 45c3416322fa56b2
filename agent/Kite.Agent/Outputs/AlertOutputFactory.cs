using Kite.Agent.Configuration;
using Kite.Agent.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Kite.Agent.Outputs;

/// <summary>Builds the enabled outputs of a configuration, each with its own formatter (formatters are not shared across threads).</summary>
internal static class AlertOutputFactory
{
    /// <summary>
    /// stdout, file, syslog, program and http, in that order, as enabled. gRPC is added by the caller
    /// (Outputs/Grpc) when grpc_output is enabled. Throws <see cref="ConfigException"/> when an output
    /// cannot be built (unreadable certificate).
    /// </summary>
    public static List<IAlertOutput> Create(AgentConfig config, AgentMetrics metrics, ILoggerFactory loggers, string hostname, Stream? stdout = null)
    {
        var outputs = new List<IAlertOutput>();
        ILogger logger = loggers.CreateLogger("Kite.Agent.Outputs");
        AlertFormatter Formatter() => new(config.Format, hostname);
        var timeout = TimeSpan.FromMilliseconds(config.OutputTimeoutMs);

        if (config.StdoutOutput.Enabled)
            outputs.Add(new StdoutOutput(Formatter(), stdout));
        if (config.FileOutput.Enabled)
            outputs.Add(new FileOutput(config.FileOutput, Formatter()));
        if (config.SyslogOutput.Enabled)
            outputs.Add(new SyslogOutput(config.SyslogOutput, Formatter(), hostname));
        if (config.ProgramOutput.Enabled)
            outputs.Add(new ProgramOutput(config.ProgramOutput, Formatter(), logger, TimeSpan.FromMilliseconds(Math.Max(config.OutputTimeoutMs, 5000))));
        if (config.HttpOutput.Enabled)
        {
            try
            {
                outputs.Add(new HttpOutput(config.HttpOutput, Formatter(), timeout, metrics, logger));
            }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException)
            {
                throw new ConfigException($"http_output: cannot load the TLS certificates: {e.Message}");
            }
        }
        AgentLog.OutputsEnabled(logger, outputs.Count == 0 ? "none" : string.Join(", ", outputs.Select(o => o.Name)));
        return outputs;
    }
}
