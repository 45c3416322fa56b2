namespace Kite.Agent.Configuration;

/// <summary>`stdout_output`.</summary>
internal sealed record StdoutOutputConfig
{
    public bool Enabled { get; init; } = true;
}
