namespace Kite.Agent.Configuration;

/// <summary>`program_output`: a shell command that receives alerts on stdin.</summary>
internal sealed record ProgramOutputConfig
{
    public bool Enabled { get; init; }

    /// <summary>One long-running process (true) or one process per alert (false).</summary>
    public bool KeepAlive { get; init; }

    public string Program { get; init; } = "";
}
