using System.Text.Json;

namespace Kite.Agent.Containers.Containerd;

/// <summary>
/// Reads what the container fields need from an OCI runtime spec (the JSON containerd keeps in
/// Container.spec): the privileged flag and the mounts.
/// </summary>
internal static class OciSpecReader
{
    /// <summary>What the spec says; Privileged null when the spec had no process capabilities.</summary>
    public readonly record struct Result(bool? Privileged, IReadOnlyList<ContainerMount> Mounts);

    // Capabilities a default (unprivileged) container never gets; holding all of them means "all caps".
    private static readonly string[] s_privilegedCapabilities = ["CAP_SYS_ADMIN", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_PTRACE", "CAP_SYS_BOOT"];

    /// <summary>
    /// Parses the spec. A container is privileged when its bounding set holds every capability (checked via
    /// the ones no default profile grants) and no paths are masked: what `docker/ctr run --privileged` and a
    /// Kubernetes securityContext.privileged produce. Adding CAP_SYS_ADMIN alone does not make it privileged.
    /// </summary>
    public static Result Read(ReadOnlySpan<byte> specJson)
    {
        using JsonDocument doc = JsonDocument.Parse(specJson.ToArray());
        JsonElement root = doc.RootElement;

        bool? privileged = null;
        if (root.TryGetProperty("process", out JsonElement process)
            && process.TryGetProperty("capabilities", out JsonElement caps)
            && caps.ValueKind == JsonValueKind.Object)
        {
            var bounding = new HashSet<string>(StringComparer.Ordinal);
            if (caps.TryGetProperty("bounding", out JsonElement b) && b.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement c in b.EnumerateArray())
                    bounding.Add(c.GetString() ?? "");
            }
            bool allCaps = s_privilegedCapabilities.All(bounding.Contains);
            bool masked = root.TryGetProperty("linux", out JsonElement linux)
                && linux.TryGetProperty("maskedPaths", out JsonElement maskedPaths)
                && maskedPaths.ValueKind == JsonValueKind.Array
                && maskedPaths.GetArrayLength() > 0;
            privileged = allCaps && !masked;
        }
        else if (root.TryGetProperty("process", out _))
        {
            // A process without a capabilities object runs with none at all.
            privileged = false;
        }

        var mounts = new List<ContainerMount>();
        if (root.TryGetProperty("mounts", out JsonElement mountArray) && mountArray.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement m in mountArray.EnumerateArray())
            {
                string destination = Str(m, "destination");
                string source = Str(m, "source");
                string type = Str(m, "type");
                bool readWrite = true;
                string propagation = "";
                if (m.TryGetProperty("options", out JsonElement options) && options.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement o in options.EnumerateArray())
                    {
                        switch (o.GetString())
                        {
                            case "ro": readWrite = false; break;
                            case "rw": readWrite = true; break;
                            case "private" or "rprivate" or "shared" or "rshared" or "slave" or "rslave" or "unbindable" or "runbindable":
                                propagation = o.GetString()!;
                                break;
                        }
                    }
                }
                mounts.Add(new ContainerMount(source, destination, type, "", readWrite, propagation));
            }
        }
        return new Result(privileged, mounts);
    }

    private static string Str(JsonElement e, string name)
        => e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
}
