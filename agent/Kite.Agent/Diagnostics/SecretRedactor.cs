namespace Kite.Agent.Diagnostics;

/// <summary>Removes credentials before text reaches a log line or an error message.</summary>
internal static class SecretRedactor
{
    /// <summary>
    /// `https://user:pass@host/p?token=x#f` becomes `https://***@host/p?***`. Works on the raw text, not
    /// on <see cref="Uri"/>, so schemes without a query part (ftp) and unparsable input are covered too.
    /// </summary>
    public static string RedactUrl(string url)
    {
        string s = url;
        int scheme = s.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            int authority = scheme + 3;
            int pathStart = s.IndexOfAny(['/', '?', '#'], authority);
            if (pathStart < 0)
                pathStart = s.Length;
            int at = pathStart > authority ? s.LastIndexOf('@', pathStart - 1, pathStart - authority) : -1;
            if (at >= 0)
                s = string.Concat(s.AsSpan(0, authority), "***@", s.AsSpan(at + 1));
        }
        int query = s.IndexOfAny(['?', '#']);
        return query >= 0 ? s[..query] + "?***" : s;
    }
}
