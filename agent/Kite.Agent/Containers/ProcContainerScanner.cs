using System.Globalization;

namespace Kite.Agent.Containers;

/// <summary>Finds the containers of running processes by reading every /proc/PID/cgroup (startup seeding, `kite containers`).</summary>
internal static class ProcContainerScanner
{
    /// <summary>One container seen in /proc: its id, the runtime hinted by the cgroup path, and how many processes it has.</summary>
    public readonly record struct Sighting(ContainerId Id, ContainerRuntimeKind RuntimeHint, int ProcessCount, int FirstPid);

    /// <summary>Scans <paramref name="procRoot"/> (e.g. /proc or $HOST_ROOT/proc). Processes that exit meanwhile are skipped.</summary>
    public static IReadOnlyList<Sighting> Scan(string procRoot = "/proc")
    {
        var found = new Dictionary<ContainerId, Sighting>();
        byte[] buffer = new byte[16 * 1024];
        foreach (string dir in Directory.EnumerateDirectories(procRoot))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
                continue;
            int length;
            try
            {
                using var file = File.OpenHandle(Path.Join(dir, "cgroup"));
                length = RandomAccess.Read(file, buffer, 0);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (!CgroupContainerIdParser.TryParseProcCgroup(buffer.AsSpan(0, length), out ContainerId id, out ContainerRuntimeKind kind))
                continue;
            found[id] = found.TryGetValue(id, out Sighting s)
                ? s with { ProcessCount = s.ProcessCount + 1, FirstPid = Math.Min(s.FirstPid, pid) }
                : new Sighting(id, kind, 1, pid);
        }
        return found.Values.OrderBy(s => s.FirstPid).ToArray();
    }
}
