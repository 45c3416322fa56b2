namespace Kite.Protocol.Alerts;

/// <summary>
/// Falco's eight priorities, most severe first; the numeric value is the rank.
/// Mirrors Kite.Rules.Priority (the rules library does not reference this contract).
/// </summary>
public enum AlertPriority
{
    Emergency = 0,
    Alert = 1,
    Critical = 2,
    Error = 3,
    Warning = 4,
    Notice = 5,
    Informational = 6,
    Debug = 7,
}

public static class AlertPriorityNames
{
    private static readonly string[] s_names = ["Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug"];

    /// <summary>The canonical spelling used in alerts (`Informational`, not `Info`).</summary>
    public static string ToName(this AlertPriority priority) =>
        (uint)priority < (uint)s_names.Length ? s_names[(int)priority] : "Debug";

    /// <summary>Parses any of Falco's spellings, case-insensitive; `info` is Informational.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out AlertPriority priority)
    {
        text = text.Trim();
        for (int i = 0; i < s_names.Length; i++)
        {
            if (text.Equals(s_names[i], StringComparison.OrdinalIgnoreCase))
            {
                priority = (AlertPriority)i;
                return true;
            }
        }
        if (text.Equals("info", StringComparison.OrdinalIgnoreCase))
        {
            priority = AlertPriority.Informational;
            return true;
        }
        priority = AlertPriority.Debug;
        return false;
    }
}
