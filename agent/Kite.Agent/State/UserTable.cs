using System.Buffers.Text;
using System.Text;

namespace Kite.Agent.State;

/// <summary>
/// User and group names by id, from the right root: the host's /etc/passwd and /etc/group (under HOST_ROOT),
/// or for a process in a container that container's own files (/proc/PID/root/etc/...). Each database is
/// read once and cached, keyed by container id, so lookups in the hot path do not allocate; an id missing
/// from a database reloads it at most once per <see cref="ReloadInterval"/> (users added later).
/// </summary>
internal sealed class UserTable(HostRoot root)
{
    private static readonly TimeSpan ReloadInterval = TimeSpan.FromSeconds(30);

    private readonly Dictionary<ulong, Database> _users = new();
    private readonly Dictionary<ulong, Database> _groups = new();

    public HostRoot Root { get; } = root;

    /// <summary>Databases (re)loaded; for diagnostics and tests.</summary>
    public int Loads { get; private set; }

    /// <summary>user.name of <paramref name="uid"/> as seen by <paramref name="process"/>; empty when unknown.</summary>
    public ReadOnlySpan<byte> UserName(ThreadInfo process, uint uid) => Lookup(_users, "passwd", process, uid);

    /// <summary>group.name of <paramref name="gid"/> as seen by <paramref name="process"/>; empty when unknown.</summary>
    public ReadOnlySpan<byte> GroupName(ThreadInfo process, uint gid) => Lookup(_groups, "group", process, gid);

    private ReadOnlySpan<byte> Lookup(Dictionary<ulong, Database> cache, string file, ThreadInfo process, uint id)
    {
        ulong key = ContainerKey(process.ContainerId.Span);
        if (!cache.TryGetValue(key, out var db))
        {
            db = Load(file, key == 0 ? null : process.Pid);
            cache[key] = db;
        }
        if (db.Names.TryGetValue(id, out var name))
            return name;
        if (DateTime.UtcNow - db.LoadedAt > ReloadInterval)
        {
            db = Load(file, key == 0 ? null : process.Pid);
            cache[key] = db;
            if (db.Names.TryGetValue(id, out name))
                return name;
        }
        return default;
    }

    /// <summary>0 for the host; the 12 hex digits of a container id packed into 48 bits otherwise.</summary>
    private static ulong ContainerKey(ReadOnlySpan<byte> containerId)
    {
        if (containerId.Length != ContainerIdParser.ShortIdLength)
            return 0;
        return Utf8Parser.TryParse(containerId, out ulong key, out _, 'x') ? key | 1UL << 63 : 0;
    }

    private Database Load(string file, int? containerPid)
    {
        Loads++;
        string path = containerPid is { } pid ? Root.Proc(pid) + "/root/etc/" + file : Root.Etc(file);
        var names = new Dictionary<uint, byte[]>();
        byte[]? text = ProcReader.ReadFile(path);
        if (text is not null)
            Parse(text, names);
        return new Database(names, DateTime.UtcNow);
    }

    /// <summary>passwd and group share the layout "name:x:id:...".</summary>
    internal static void Parse(ReadOnlySpan<byte> text, Dictionary<uint, byte[]> names)
    {
        foreach (var range in text.Split((byte)'\n'))
        {
            ReadOnlySpan<byte> line = text[range];
            if (line.IsEmpty || line[0] == '#')
                continue;
            int first = line.IndexOf((byte)':');
            if (first <= 0)
                continue;
            ReadOnlySpan<byte> rest = line[(first + 1)..];
            int second = rest.IndexOf((byte)':');
            if (second < 0)
                continue;
            rest = rest[(second + 1)..];
            int third = rest.IndexOf((byte)':');
            ReadOnlySpan<byte> idText = third >= 0 ? rest[..third] : rest;
            if (Utf8Parser.TryParse(idText, out uint id, out int consumed) && consumed == idText.Length)
                names.TryAdd(id, line[..first].ToArray());
        }
    }

    public string? UserNameString(ThreadInfo process, uint uid)
    {
        var name = UserName(process, uid);
        return name.IsEmpty ? null : Encoding.UTF8.GetString(name);
    }

    private sealed record Database(Dictionary<uint, byte[]> Names, DateTime LoadedAt);
}
