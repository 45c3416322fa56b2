using Kite.TestUtilities;

namespace Kite.Agent.Tests.Containers;

/// <summary>
/// A fact that needs a real containerd + runc (Debian packages containerd, runc, busybox-static; `make deps`)
/// and root. Skipped with the reason on a developer machine that lacks them; never skipped under CI.
/// </summary>
public sealed class RequiresContainerdFactAttribute : FactAttribute
{
    public RequiresContainerdFactAttribute()
    {
        if (!TestEnvironment.IsCi && UnavailableReason() is { } reason)
            Skip = reason;
    }

    /// <summary>Why containerd tests cannot run here, or null when they can.</summary>
    public static string? UnavailableReason()
    {
        if (!OperatingSystem.IsLinux())
            return "requires Linux";
        if (!TestEnvironment.IsRoot)
            return "requires root (runs a private containerd); run the tests with sudo";
        foreach (string tool in new[] { "containerd", "ctr", "runc", "containerd-shim-runc-v2" })
        {
            if (!OnPath(tool))
                return $"requires {tool} on PATH (Debian packages containerd and runc; run make deps)";
        }
        if (!File.Exists("/bin/busybox"))
            return "requires /bin/busybox (Debian package busybox-static; run make deps)";
        return null;
    }

    private static bool OnPath(string tool)
        => (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':')
            .Concat(["/usr/sbin", "/sbin"])
            .Any(dir => File.Exists(Path.Combine(dir, tool)));
}
