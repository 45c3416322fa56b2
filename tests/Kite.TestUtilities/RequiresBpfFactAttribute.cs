using Xunit;

namespace Kite.TestUtilities;

/// <summary>
/// A fact that needs real eBPF (root, BTF, the built shim). Skipped with the reason
/// on a developer machine that lacks one; under CI it always runs, so a missing
/// prerequisite fails loudly instead of hiding behind a skip.
/// </summary>
public sealed class RequiresBpfFactAttribute : FactAttribute
{
    public RequiresBpfFactAttribute()
    {
        if (!TestEnvironment.IsCi && TestEnvironment.BpfUnavailableReason() is { } reason)
            Skip = reason;
    }
}

/// <summary>A theory with the same prerequisites as <see cref="RequiresBpfFactAttribute"/>.</summary>
public sealed class RequiresBpfTheoryAttribute : TheoryAttribute
{
    public RequiresBpfTheoryAttribute()
    {
        if (!TestEnvironment.IsCi && TestEnvironment.BpfUnavailableReason() is { } reason)
            Skip = reason;
    }
}
