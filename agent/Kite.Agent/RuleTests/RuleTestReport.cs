using Kite.Rules.Loading;

namespace Kite.Agent.RuleTests;

/// <summary>Prints a <see cref="RuleTestRun"/> the way rule authors read it: one line per case, reasons indented, a summary last.</summary>
internal static class RuleTestReport
{
    public static void Write(RuleTestRun run, TextWriter output, bool showPassed = true, bool showOutputs = false)
    {
        foreach (RuleDiagnostic diagnostic in run.Load.Diagnostics)
            output.WriteLine(diagnostic.ToString());
        if (run.Load.HasErrors)
        {
            output.WriteLine($"rules failed to load ({run.Load.Errors.Count()} errors): no case was run");
            return;
        }
        foreach (string problem in run.FileProblems)
            output.WriteLine($"ERROR {problem}");
        foreach (RuleTestCaseResult result in run.Results)
        {
            RuleTestCase testCase = result.Case;
            if (result.Passed)
            {
                if (showPassed)
                {
                    output.WriteLine($"PASS  {testCase.Location}  {testCase.Name}{(result.Fired.Count > 0 ? "  [fired: " + string.Join(", ", result.Fired) + "]" : "")}");
                    WriteOutputs(result, output, showOutputs);
                }
                continue;
            }
            output.WriteLine($"FAIL  {testCase.Location}  {testCase.Name}");
            foreach (string failure in result.Failures)
                output.WriteLine($"      {failure}");
            WriteOutputs(result, output, showOutputs);
        }
        string problems = run.FileProblems.Count > 0 ? $", {run.FileProblems.Count} test file errors" : "";
        int files = run.Results.Select(r => r.Case.Location.File).Distinct().Count();
        output.WriteLine($"{run.Passed} passed, {run.Failed} failed{problems} ({run.Results.Count} cases in {files} files)");
    }

    private static void WriteOutputs(RuleTestCaseResult result, TextWriter output, bool showOutputs)
    {
        if (!showOutputs)
            return;
        for (int i = 0; i < result.Fired.Count; i++)
            output.WriteLine($"      {result.Fired[i]}: {result.Outputs[i]}");
    }
}
