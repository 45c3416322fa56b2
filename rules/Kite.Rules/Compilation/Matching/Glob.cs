namespace Kite.Rules.Compilation.Matching;

/// <summary>
/// fnmatch(3) without flags over bytes: `*` matches any run (including `/`), `?` one byte,
/// `[...]` a class (`!` or `^` negates, ranges `a-z`), `\` escapes the next byte.
/// </summary>
internal static class Glob
{
    public static bool HasMeta(ReadOnlySpan<byte> pattern) => pattern.IndexOfAny("*?[\\"u8) >= 0;

    public static bool Match(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> value, bool ignoreCase)
    {
        int p = 0, v = 0, starP = -1, starV = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length)
            {
                byte pc = pattern[p];
                if (pc == '*')
                {
                    starP = ++p;
                    starV = v;
                    continue;
                }
                if (pc == '?')
                {
                    p++;
                    v++;
                    continue;
                }
                if (pc == '[')
                {
                    int end = MatchClass(pattern, p, value[v], ignoreCase, out bool ok);
                    if (end > 0)
                    {
                        if (ok)
                        {
                            p = end;
                            v++;
                            continue;
                        }
                    }
                    else if (Same((byte)'[', value[v], ignoreCase))
                    {
                        p++;
                        v++;
                        continue;
                    }
                }
                else
                {
                    if (pc == '\\' && p + 1 < pattern.Length)
                        pc = pattern[++p];
                    if (Same(pc, value[v], ignoreCase))
                    {
                        p++;
                        v++;
                        continue;
                    }
                }
            }
            if (starP < 0)
                return false;
            p = starP;
            v = ++starV;
        }
        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }

    private static bool Same(byte a, byte b, bool ignoreCase) => a == b || (ignoreCase && AsciiCase.Lower(a) == AsciiCase.Lower(b));

    // Returns the index after `]`, or 0 if the class is not closed (then `[` is literal).
    private static int MatchClass(ReadOnlySpan<byte> pattern, int start, byte c, bool ignoreCase, out bool matched)
    {
        matched = false;
        int i = start + 1;
        bool negate = i < pattern.Length && (pattern[i] == '!' || pattern[i] == '^');
        if (negate)
            i++;
        bool first = true;
        bool found = false;
        while (i < pattern.Length && (pattern[i] != ']' || first))
        {
            first = false;
            byte lo = pattern[i];
            if (lo == '\\' && i + 1 < pattern.Length)
                lo = pattern[++i];
            byte hi = lo;
            if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
            {
                hi = pattern[i + 2];
                i += 2;
            }
            byte cc = ignoreCase ? AsciiCase.Lower(c) : c;
            if ((c >= lo && c <= hi) || (ignoreCase && cc >= AsciiCase.Lower(lo) && cc <= AsciiCase.Lower(hi)))
                found = true;
            i++;
        }
        if (i >= pattern.Length)
            return 0;
        matched = found != negate;
        return i + 1;
    }
}

internal sealed class GlobMatcher(byte[] pattern, bool ignoreCase) : TextMatcher
{
    public override int Cost => 10;
    public override bool Matches(ReadOnlySpan<byte> value) => Glob.Match(pattern, value, ignoreCase);
}
