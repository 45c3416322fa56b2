using System.Net;

namespace Kite.Agent.Outputs;

/// <summary>The `hostname` of alerts: KITE_HOSTNAME, else FALCO_HOSTNAME (drop-in for Falco deployments), else gethostname.</summary>
internal static class AgentHostname
{
    public static string Resolve(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment("KITE_HOSTNAME") is { Length: > 0 } kite)
            return kite;
        if (environment("FALCO_HOSTNAME") is { Length: > 0 } falco)
            return falco;
        // Dns.GetHostName is gethostname(2), not truncated at the first dot like Environment.MachineName.
        return Dns.GetHostName();
    }
}
