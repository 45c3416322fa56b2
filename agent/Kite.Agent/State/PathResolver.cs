namespace Kite.Agent.State;

/// <summary>
/// Makes a path absolute and normal as Falco's fd.name shows it: relative paths are joined to a base
/// directory (the cwd, or the directory of a dirfd), then ".", ".." and repeated slashes are folded.
/// Works in a caller-supplied buffer; no allocation.
/// </summary>
internal static class PathResolver
{
    /// <summary>Longest result; longer inputs are cut (the kernel's PATH_MAX is 4096).</summary>
    public const int MaxLength = 8192;

    /// <summary>
    /// Resolves <paramref name="path"/> against <paramref name="baseDirectory"/> (ignored when the path is absolute)
    /// into <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes).
    /// </summary>
    /// <returns>the length written</returns>
    public static int Resolve(ReadOnlySpan<byte> baseDirectory, ReadOnlySpan<byte> path, Span<byte> destination)
    {
        int w = 0;
        destination[w++] = (byte)'/';
        if (path.IsEmpty || path[0] != '/')
            w = Append(destination, w, baseDirectory);
        w = Append(destination, w, path);
        return w;
    }

    /// <summary>Appends the components of <paramref name="part"/> to the normalised path in destination[..w].</summary>
    private static int Append(Span<byte> destination, int w, ReadOnlySpan<byte> part)
    {
        while (!part.IsEmpty)
        {
            int slash = part.IndexOf((byte)'/');
            ReadOnlySpan<byte> component = slash >= 0 ? part[..slash] : part;
            part = slash >= 0 ? part[(slash + 1)..] : default;
            if (component.IsEmpty || component.SequenceEqual("."u8))
                continue;
            if (component.SequenceEqual(".."u8))
            {
                // Drop the last component; "/.." stays "/".
                if (w > 1)
                {
                    int previous = destination[..(w - 1)].LastIndexOf((byte)'/');
                    w = previous <= 0 ? 1 : previous + 1;
                    if (w > 1)
                        w--; // remove the trailing slash left behind
                    if (w == 0)
                        w = 1;
                }
                continue;
            }
            if (w > 1 || destination[0] != '/')
            {
                if (w >= destination.Length)
                    return w;
                destination[w++] = (byte)'/';
            }
            int n = Math.Min(component.Length, destination.Length - w);
            component[..n].CopyTo(destination[w..]);
            w += n;
        }
        return w;
    }

    /// <summary>fd.directory: everything before the last slash ("/" for a file at the root).</summary>
    public static ReadOnlySpan<byte> Directory(ReadOnlySpan<byte> path)
    {
        int slash = path.LastIndexOf((byte)'/');
        if (slash < 0)
            return default;
        return slash == 0 ? path[..1] : path[..slash];
    }

    /// <summary>fd.filename: the last component.</summary>
    public static ReadOnlySpan<byte> FileName(ReadOnlySpan<byte> path)
    {
        int slash = path.LastIndexOf((byte)'/');
        return slash < 0 ? path : path[(slash + 1)..];
    }
}
