namespace Kite.Agent.State;

/// <summary>
/// container.id from cgroup paths, without allocating: the first 12 characters of the last run of 64 hex
/// digits (docker-&lt;id&gt;.scope, cri-containerd-&lt;id&gt;.scope, crio-&lt;id&gt;, libpod-&lt;id&gt;, /docker/&lt;id&gt;,
/// /kubepods/.../&lt;id&gt;), or <c>host</c> when there is none.
/// </summary>
/// <remarks>The "containers" component owns runtime metadata; this is only the id, so the field works without it.</remarks>
internal static class ContainerIdParser
{
    public const int ShortIdLength = 12;

    public static ReadOnlySpan<byte> Host => "host"u8;

    /// <summary>Writes the short id into <paramref name="destination"/> (12 bytes) and returns true, or false for a host process.</summary>
    public static bool TryParse(ReadOnlySpan<byte> cgroups, Span<byte> destination)
    {
        int found = -1;
        int run = 0;
        for (int i = 0; i < cgroups.Length; i++)
        {
            if (IsHex(cgroups[i]))
            {
                run++;
                continue;
            }
            if (run == 64)
                found = i - 64;
            run = 0;
        }
        if (run == 64)
            found = cgroups.Length - 64;
        if (found < 0)
            return false;
        cgroups.Slice(found, ShortIdLength).CopyTo(destination);
        return true;
    }

    /// <summary>Sets <paramref name="target"/> to the container id of <paramref name="cgroups"/> or <c>host</c>.</summary>
    public static void Apply(ReadOnlySpan<byte> cgroups, ref Utf8Text target)
    {
        Span<byte> id = stackalloc byte[ShortIdLength];
        if (TryParse(cgroups, id))
            target.Set(id);
        else
            target.Set(Host);
    }

    private static bool IsHex(byte b) => (uint)(b - '0') <= 9 || (uint)(b - 'a') <= 5;
}
