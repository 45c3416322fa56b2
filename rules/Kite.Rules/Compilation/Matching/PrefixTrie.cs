namespace Kite.Rules.Compilation.Matching;

/// <summary>
/// A byte trie over a list of prefixes: "does the value start with any of them" in time proportional
/// to the value's length, whatever the number of prefixes. Children are kept in sorted arrays.
/// </summary>
internal sealed class PrefixTrie
{
    private readonly List<byte[]> _keys = [];
    private readonly List<int[]> _children = [];
    private readonly List<bool> _terminal = [];

    public PrefixTrie(IEnumerable<byte[]> prefixes)
    {
        var keys = new List<List<byte>> { new() };
        var children = new List<List<int>> { new() };
        _terminal.Add(false);
        foreach (byte[] prefix in prefixes)
        {
            int node = 0;
            foreach (byte b in prefix)
            {
                int at = keys[node].IndexOf(b);
                if (at < 0)
                {
                    keys[node].Add(b);
                    children[node].Add(keys.Count);
                    keys.Add([]);
                    children.Add([]);
                    _terminal.Add(false);
                    at = keys[node].Count - 1;
                }
                node = children[node][at];
            }
            _terminal[node] = true;
        }
        for (int i = 0; i < keys.Count; i++)
        {
            byte[] k = [.. keys[i]];
            int[] c = [.. children[i]];
            Array.Sort(k, c);
            _keys.Add(k);
            _children.Add(c);
        }
    }

    /// <summary>True if some prefix is a prefix of <paramref name="value"/>; <paramref name="accept"/> can veto a match at a given length.</summary>
    public bool MatchesPrefix(ReadOnlySpan<byte> value, Func<int, bool>? accept = null)
    {
        int node = 0;
        for (int i = 0; ; i++)
        {
            if (_terminal[node] && (accept is null || accept(i)))
                return true;
            if (i >= value.Length)
                return false;
            int at = Array.BinarySearch(_keys[node], value[i]);
            if (at < 0)
                return false;
            node = _children[node][at];
        }
    }

    /// <summary>Path-component prefix: a stored path matches at a length where the value ends or continues with `/`.</summary>
    public bool MatchesPathPrefix(ReadOnlySpan<byte> value)
    {
        int node = 0;
        for (int i = 0; ; i++)
        {
            if (_terminal[node] && (i == value.Length || value[i] == '/' || (i > 0 && value[i - 1] == '/')))
                return true;
            if (i >= value.Length)
                return false;
            int at = Array.BinarySearch(_keys[node], value[i]);
            if (at < 0)
                return false;
            node = _children[node][at];
        }
    }
}

internal sealed class PrefixSetMatcher(IEnumerable<byte[]> prefixes) : TextMatcher
{
    private readonly PrefixTrie _trie = new(prefixes);

    public override int Cost => 4;
    public override bool Matches(ReadOnlySpan<byte> value) => _trie.MatchesPrefix(value);
}

/// <summary>
/// `pmatch (paths)`: the value is one of the paths or below one of them, by whole path components
/// (`/var/run/docker.sock` pmatches `/var/run`; `/var/lib` does not pmatch `/var/li`). Paths with
/// glob characters are matched component by component.
/// </summary>
internal sealed class PathPrefixMatcher : TextMatcher
{
    private readonly PrefixTrie _plain;
    private readonly byte[][][] _globbed;

    public PathPrefixMatcher(IEnumerable<byte[]> paths)
    {
        var plain = new List<byte[]>();
        var globbed = new List<byte[][]>();
        foreach (byte[] raw in paths)
        {
            byte[] path = raw.Length > 1 && raw[^1] == '/' ? raw[..^1] : raw;
            if (Glob.HasMeta(path))
                globbed.Add(Split(path));
            else
                plain.Add(path);
        }
        _plain = new PrefixTrie(plain);
        _globbed = [.. globbed];
    }

    public override int Cost => 6;

    public override bool Matches(ReadOnlySpan<byte> value)
    {
        if (_plain.MatchesPathPrefix(value))
            return true;
        foreach (byte[][] pattern in _globbed)
        {
            if (MatchComponents(pattern, value))
                return true;
        }
        return false;
    }

    private static byte[][] Split(byte[] path)
    {
        var parts = new List<byte[]>();
        int start = 0;
        for (int i = 0; i <= path.Length; i++)
        {
            if (i == path.Length || path[i] == '/')
            {
                parts.Add(path[start..i]);
                start = i + 1;
            }
        }
        return [.. parts];
    }

    private static bool MatchComponents(byte[][] pattern, ReadOnlySpan<byte> value)
    {
        int k = 0;
        while (k < pattern.Length)
        {
            int slash = value.IndexOf((byte)'/');
            ReadOnlySpan<byte> component = slash < 0 ? value : value[..slash];
            if (!Glob.Match(pattern[k], component, ignoreCase: false))
                return false;
            k++;
            if (slash < 0)
                return k == pattern.Length;
            value = value[(slash + 1)..];
        }
        return true;
    }
}
