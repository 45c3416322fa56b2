namespace Kite.Rules;

/// <summary>Falco's eight priorities; the numeric value is the severity rank (0 = most severe).</summary>
public enum Priority
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

public static class PriorityNames
{
    /// <summary>Parses a priority as Falco does: case-insensitive, `info` accepted for Informational.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Priority priority)
    {
        text = text.Trim();
        foreach (Priority p in Enum.GetValues<Priority>())
        {
            if (text.Equals(p.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                priority = p;
                return true;
            }
        }
        if (text.Equals("info", StringComparison.OrdinalIgnoreCase))
        {
            priority = Priority.Informational;
            return true;
        }
        priority = default;
        return false;
    }
}
