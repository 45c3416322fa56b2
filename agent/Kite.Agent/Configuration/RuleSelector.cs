namespace Kite.Agent.Configuration;

/// <summary>
/// One entry of `rules:` in falco.yaml: enable or disable rules by name (with `*` wildcards)
/// or by tag. Applied in order, after the rule files, overriding their `enabled:`.
/// </summary>
internal sealed record RuleSelector(bool Enable, RuleSelectorKind Kind, string Pattern)
{
    /// <summary>True when <paramref name="ruleName"/>/<paramref name="tags"/> are selected by this entry.</summary>
    public bool Matches(string ruleName, IReadOnlyCollection<string> tags)
    {
        if (Kind == RuleSelectorKind.Tag)
        {
            foreach (string tag in tags)
            {
                if (WildcardMatches(Pattern, tag))
                    return true;
            }
            return false;
        }
        return WildcardMatches(Pattern, ruleName);
    }

    /// <summary>Glob with `*` only (Falco's rule selector syntax); case-sensitive like rule names.</summary>
    public static bool WildcardMatches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] != '*' && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }
}

internal enum RuleSelectorKind
{
    Rule,
    Tag,
}
