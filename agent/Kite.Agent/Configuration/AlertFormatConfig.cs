using Kite.Protocol.Alerts;

namespace Kite.Agent.Configuration;

/// <summary>How alerts are rendered: text line or JSON, and which JSON properties appear.</summary>
internal sealed record AlertFormatConfig
{
    /// <summary>`json_output`.</summary>
    public bool Json { get; init; }

    /// <summary>`json_include_output_property`.</summary>
    public bool IncludeOutput { get; init; } = true;

    /// <summary>`json_include_message_property`.</summary>
    public bool IncludeMessage { get; init; }

    /// <summary>`json_include_output_fields_property`.</summary>
    public bool IncludeOutputFields { get; init; } = true;

    /// <summary>`json_include_tags_property`.</summary>
    public bool IncludeTags { get; init; } = true;

    /// <summary>`time_format_iso_8601`: ISO 8601 UTC times in text lines and logs instead of local HH:MM:SS.</summary>
    public bool TimeIso8601 { get; init; }

    public AlertJsonOptions ToJsonOptions() => new()
    {
        IncludeOutput = IncludeOutput,
        IncludeMessage = IncludeMessage,
        IncludeOutputFields = IncludeOutputFields,
        IncludeTags = IncludeTags,
    };
}
