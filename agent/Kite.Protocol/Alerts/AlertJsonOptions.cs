namespace Kite.Protocol.Alerts;

/// <summary>Which optional properties a JSON alert carries (falco.yaml json_include_* keys).</summary>
public sealed record AlertJsonOptions
{
    public static AlertJsonOptions Default { get; } = new();

    public bool IncludeOutput { get; init; } = true;

    public bool IncludeOutputFields { get; init; } = true;

    public bool IncludeTags { get; init; } = true;

    /// <summary>json_include_message_property: `message` = the output without the time/priority prefix.</summary>
    public bool IncludeMessage { get; init; }
}
