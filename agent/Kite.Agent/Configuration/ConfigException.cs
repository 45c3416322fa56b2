namespace Kite.Agent.Configuration;

/// <summary>An invalid configuration: <see cref="Exception.Message"/> is the one line shown to the operator.</summary>
internal sealed class ConfigException(string message) : Exception(message);
