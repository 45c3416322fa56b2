namespace Kite.Rules.Fields;

/// <summary>How a field's value is rendered as text in outputs (JSON output_fields keep the typed value).</summary>
public enum FieldDisplay : byte
{
    /// <summary>Strings verbatim, numbers in decimal, bools `true`/`false`, addresses in dotted/colon notation.</summary>
    Default,

    /// <summary>An absolute time rendered as local `HH:MM:SS.nnnnnnnnn` (`evt.time`).</summary>
    TimeOfDay,

    /// <summary>An absolute time rendered as `YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000` (`evt.time.iso8601`).</summary>
    Iso8601,

    /// <summary>An integer rendered in octal (file modes).</summary>
    Octal,

    /// <summary>An integer rendered as `0x` hex.</summary>
    Hex,
}
