namespace Kite.Agent.Capture;

/// <summary>A probe operation failed; <see cref="Errno"/> is the positive errno the shim returned.</summary>
internal sealed class ProbeException(string operation, int errno)
    : Exception($"{operation} failed: {Describe(errno)}")
{
    public int Errno { get; } = errno;

    private static string Describe(int errno) => errno switch
    {
        1 => "EPERM (operation not permitted: run as root or grant CAP_BPF, CAP_PERFMON, CAP_SYS_RESOURCE)",
        2 => "ENOENT (a kernel object the probe needs is missing)",
        12 => "ENOMEM",
        13 => "EACCES (rejected by the verifier or missing privileges)",
        22 => "EINVAL",
        _ => $"errno {errno}",
    };
}
