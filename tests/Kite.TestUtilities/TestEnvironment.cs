namespace Kite.TestUtilities;

/// <summary>
/// Facts about the machine the tests run on, each computed lazily.
/// </summary>
/// <remarks>
/// Never probe the environment from a static initializer: one exception there
/// would fail every test in the assembly with a type-initialization error.
/// </remarks>
public static class TestEnvironment
{
    private static readonly Lazy<string> s_repoRoot = new(FindRepoRoot);

    /// <summary>True when running under CI (the CI variable is set), where privileged tests must run, not skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The repository root: the folder holding Agent.sln.</summary>
    public static string RepoRoot => s_repoRoot.Value;

    /// <summary>Where `make build` puts runnable artifacts (kite, libkite.so, kite.bpf.o).</summary>
    public static string OutDir => Environment.GetEnvironmentVariable("KITE_NATIVE_DIR") is { Length: > 0 } d ? d : Path.Combine(RepoRoot, "out");

    /// <summary>../shared/compat beside the repository, or KITE_SHARED_DIR/compat; null when absent (a user's clone).</summary>
    public static string? SharedCompatDir
    {
        get
        {
            string? shared = Environment.GetEnvironmentVariable("KITE_SHARED_DIR");
            shared = shared is { Length: > 0 } ? shared : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
            string compat = Path.Combine(shared, "compat");
            return Directory.Exists(compat) ? compat : null;
        }
    }

    public static bool IsRoot => Environment.IsPrivilegedProcess;

    public static bool HasBtf => File.Exists("/sys/kernel/btf/vmlinux");

    /// <summary>Why BPF tests cannot run here, or null when they can.</summary>
    public static string? BpfUnavailableReason()
    {
        if (!OperatingSystem.IsLinux())
            return "requires Linux";
        if (!IsRoot)
            return "requires root (or CAP_BPF, CAP_PERFMON and CAP_SYS_RESOURCE); run the tests with sudo";
        if (!HasBtf)
            return "requires BTF at /sys/kernel/btf/vmlinux (kernel built with CONFIG_DEBUG_INFO_BTF)";
        if (!File.Exists(Path.Combine(OutDir, "libkite.so")))
            return $"native shim {Path.Combine(OutDir, "libkite.so")} not built (run make build)";
        return null;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Agent.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"Agent.sln not found above {AppContext.BaseDirectory}");
    }
}
