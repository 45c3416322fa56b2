namespace Kite.Protocol;

/// <summary>The property names of Falco's JSON alert, which Kite emits and kite-sidekick accepts.</summary>
public static class AlertFieldNames
{
    public const string Uuid = "uuid";
    public const string Output = "output";
    public const string Priority = "priority";
    public const string Rule = "rule";
    public const string Time = "time";
    public const string OutputFields = "output_fields";
    public const string Source = "source";
    public const string Tags = "tags";
    public const string Hostname = "hostname";
}
