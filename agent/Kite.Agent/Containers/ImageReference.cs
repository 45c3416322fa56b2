namespace Kite.Agent.Containers;

/// <summary>
/// An image reference split the way Falco's container fields show it: repository (no tag, no digest),
/// tag, digest. <c>registry:5000/team/app:1.2@sha256:..</c> gives repository <c>registry:5000/team/app</c>,
/// tag <c>1.2</c>, digest <c>sha256:..</c>. A bare image id (<c>sha256:...</c>) has no repository.
/// </summary>
internal readonly record struct ImageReference(string Repository, string? Tag, string? Digest)
{
    public static ImageReference Parse(string reference)
    {
        string rest = reference.Trim();
        string? digest = null;
        int at = rest.IndexOf('@');
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
        }
        else if (rest.StartsWith("sha256:", StringComparison.Ordinal))
        {
            return new ImageReference("", null, rest);
        }

        string? tag = null;
        int colon = rest.LastIndexOf(':');
        // A colon before the last slash is a registry port, not a tag.
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
        }
        return new ImageReference(rest, string.IsNullOrEmpty(tag) ? null : tag, string.IsNullOrEmpty(digest) ? null : digest);
    }
}
