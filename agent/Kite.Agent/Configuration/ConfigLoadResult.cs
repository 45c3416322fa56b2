using System.Collections.Immutable;

namespace Kite.Agent.Configuration;

/// <summary>A valid configuration and the warnings met while reading it (each listed once).</summary>
internal sealed record ConfigLoadResult(AgentConfig Config, ImmutableArray<string> Warnings);
