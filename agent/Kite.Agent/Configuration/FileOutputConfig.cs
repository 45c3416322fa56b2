namespace Kite.Agent.Configuration;

/// <summary>`file_output`: append alerts to a file, kept open (keep_alive) or opened per alert.</summary>
internal sealed record FileOutputConfig
{
    public bool Enabled { get; init; }

    public bool KeepAlive { get; init; }

    public string Filename { get; init; } = "./events.txt";
}
