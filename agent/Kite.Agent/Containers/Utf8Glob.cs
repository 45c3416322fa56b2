namespace Kite.Agent.Containers;

/// <summary>
/// Shell-style glob over UTF-8 bytes (<c>*</c>, <c>?</c>, <c>[abc]</c>, <c>[a-z]</c>, <c>[!x]</c>), as used by
/// container.mount.dest[/proc*]. <c>*</c> also crosses '/', like Falco's mount-source match. Allocation-free.
/// </summary>
internal static class Utf8Glob
{
    public static bool IsMatch(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text)
    {
        int p = 0, t = 0;
        int starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length)
            {
                byte c = pattern[p];
                if (c == (byte)'*')
                {
                    starP = p++;
                    starT = t;
                    continue;
                }
                if (c == (byte)'?')
                {
                    p++;
                    t++;
                    continue;
                }
                if (c == (byte)'[' && TryMatchClass(pattern, p, text[t], out int next, out bool matched))
                {
                    if (matched)
                    {
                        p = next;
                        t++;
                        continue;
                    }
                }
                else if (c == text[t])
                {
                    p++;
                    t++;
                    continue;
                }
            }
            if (starP < 0)
                return false;
            // Backtrack: let the last '*' swallow one more byte.
            p = starP + 1;
            t = ++starT;
        }
        while (p < pattern.Length && pattern[p] == (byte)'*')
            p++;
        return p == pattern.Length;
    }

    // Parses the class starting at pattern[start] == '['; false when it is not a well-formed class
    // (then '[' is a literal).
    private static bool TryMatchClass(ReadOnlySpan<byte> pattern, int start, byte b, out int next, out bool matched)
    {
        int i = start + 1;
        bool negate = i < pattern.Length && (pattern[i] == (byte)'!' || pattern[i] == (byte)'^');
        if (negate)
            i++;
        bool any = false;
        bool first = true;
        while (i < pattern.Length && (pattern[i] != (byte)']' || first))
        {
            first = false;
            byte lo = pattern[i];
            byte hi = lo;
            if (i + 2 < pattern.Length && pattern[i + 1] == (byte)'-' && pattern[i + 2] != (byte)']')
            {
                hi = pattern[i + 2];
                i += 2;
            }
            if (b >= lo && b <= hi)
                any = true;
            i++;
        }
        if (i >= pattern.Length)
        {
            next = start;
            matched = false;
            return false;
        }
        next = i + 1;
        matched = any != negate;
        return true;
    }
}
