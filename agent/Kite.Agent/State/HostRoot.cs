namespace Kite.Agent.State;

/// <summary>
/// Where the host's /proc and /etc are seen from: "" on the host, or the HOST_ROOT prefix (like Falco)
/// when the agent runs in a container with the host's filesystem mounted (e.g. /host).
/// </summary>
internal sealed class HostRoot(string prefix)
{
    public const string EnvironmentVariable = "HOST_ROOT";

    /// <summary>The prefix without a trailing slash ("" for the real root).</summary>
    public string Prefix { get; } = prefix.TrimEnd('/');

    public string ProcDir => Prefix + "/proc";

    public string Proc(int pid) => ProcDir + "/" + pid.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string Etc(string file) => Prefix + "/etc/" + file;

    public static HostRoot FromEnvironment() => new(Environment.GetEnvironmentVariable(EnvironmentVariable) ?? "");
}
