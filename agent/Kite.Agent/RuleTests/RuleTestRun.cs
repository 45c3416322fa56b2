using Kite.Rules.Loading;

namespace Kite.Agent.RuleTests;

/// <summary>Everything one `kite rules test` invocation produced: rule load diagnostics, test file problems and case results.</summary>
internal sealed class RuleTestRun
{
    public required LoadResult Load { get; init; }

    /// <summary>Problems in the test files themselves (syntax, unknown fields, bad values), with file:line:column.</summary>
    public required IReadOnlyList<string> FileProblems { get; init; }

    public required IReadOnlyList<RuleTestCaseResult> Results { get; init; }

    public int Passed => Results.Count(r => r.Passed);

    public int Failed => Results.Count(r => !r.Passed);

    /// <summary>True when the rules loaded, every test file was valid and every case passed.</summary>
    public bool Succeeded => !Load.HasErrors && FileProblems.Count == 0 && Failed == 0 && Results.Count > 0;
}
