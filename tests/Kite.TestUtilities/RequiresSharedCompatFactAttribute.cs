using Xunit;

namespace Kite.TestUtilities;

/// <summary>
/// A fact that reads the upstream files in ../shared/compat. Skipped with a reason
/// where that folder is absent (a user's clone), never under CI.
/// </summary>
public sealed class RequiresSharedCompatFactAttribute : FactAttribute
{
    public RequiresSharedCompatFactAttribute()
    {
        if (!TestEnvironment.IsCi && TestEnvironment.SharedCompatDir is null)
            Skip = "requires ../shared/compat beside the repository (or KITE_SHARED_DIR); it holds the upstream Falco files";
    }
}

/// <summary>A theory with the same prerequisites as <see cref="RequiresSharedCompatFactAttribute"/>.</summary>
public sealed class RequiresSharedCompatTheoryAttribute : TheoryAttribute
{
    public RequiresSharedCompatTheoryAttribute()
    {
        if (!TestEnvironment.IsCi && TestEnvironment.SharedCompatDir is null)
            Skip = "requires ../shared/compat beside the repository (or KITE_SHARED_DIR); it holds the upstream Falco files";
    }
}
