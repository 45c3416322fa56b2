namespace Kite.Agent.RuleTests;

/// <summary>
/// The outcome of one case: the rules that fired on its event (with their rendered output messages, in
/// the same order) and what did not match the expectations.
/// </summary>
internal sealed record RuleTestCaseResult(RuleTestCase Case, IReadOnlyList<string> Fired, IReadOnlyList<string> Outputs, IReadOnlyList<string> Failures)
{
    public bool Passed => Failures.Count == 0;
}
