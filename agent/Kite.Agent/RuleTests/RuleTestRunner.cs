using Kite.Agent.Audit;
using Kite.Agent.Rules;
using Kite.Rules.Evaluation;
using Kite.Rules.Fields.Synthetic;
using Kite.Rules.Loading;

namespace Kite.Agent.RuleTests;

/// <summary>
/// Runs rule test files against rules files: loads the rules with every agent source, compiles each
/// source's enabled rules with `rule_matching: all` (so every matching rule is seen, in rule order,
/// through the same event-type index as `kite run`), evaluates each case's event and compares the
/// rules that fired with the case's `fires` / `not_fires`.
/// </summary>
internal static class RuleTestRunner
{
    public static RuleTestRun Run(IReadOnlyList<RuleFile> ruleFiles, IReadOnlyList<RuleFile> testFiles)
    {
        LoadResult load = RuleLoader.Load(ruleFiles, RuleSources.Catalogs);
        var problems = new List<string>();
        var cases = new List<RuleTestCase>();
        foreach (RuleFile testFile in testFiles)
        {
            if (RuleTestFileReader.TryRead(testFile.Name, testFile.Content, out List<RuleTestCase> fileCases, out List<string> fileProblems))
                cases.AddRange(fileCases);
            else
                problems.AddRange(fileProblems);
        }
        if (load.HasErrors)
            return new RuleTestRun { Load = load, FileProblems = problems, Results = [] };

        var options = new RuleSetOptions { Matching = RuleMatching.All, SuggestedOutput = false };
        RuleSet<SyntheticFieldSource> syscallRules = load.Compile<SyntheticFieldSource>(RuleTestFileReader.SyscallSource, options: options);
        RuleSet<AuditFieldSource> auditRules = load.Compile<AuditFieldSource>(RuleTestFileReader.K8sAuditSource, options: options);
        var matches = new CompiledRule?[Math.Max(1, Math.Max(syscallRules.Rules.Count, auditRules.Rules.Count))];

        var results = new List<RuleTestCaseResult>(cases.Count);
        foreach (RuleTestCase testCase in cases)
        {
            int count;
            string? error;
            var outputs = new List<string>();
            if (testCase.Source == RuleTestFileReader.K8sAuditSource)
            {
                if (!RuleTestEventBuilder.TryBuildAuditEvent(testCase, out AuditEvent? auditEvent, out error))
                {
                    problems.Add(error!);
                    continue;
                }
                var source = new AuditFieldSource(auditEvent!);
                count = auditRules.Evaluate(ref source, matches);
                for (int i = 0; i < count; i++)
                    outputs.Add(matches[i]!.Output.Format(ref source).Message);
            }
            else
            {
                if (!RuleTestEventBuilder.TryBuildSyscallEvent(testCase, out SyntheticEvent? syntheticEvent, out error))
                {
                    problems.Add(error!);
                    continue;
                }
                var source = new SyntheticFieldSource(syntheticEvent!);
                count = syscallRules.Evaluate(ref source, matches);
                for (int i = 0; i < count; i++)
                    outputs.Add(matches[i]!.Output.Format(ref source).Message);
            }
            var fired = new List<string>(count);
            for (int i = 0; i < count; i++)
                fired.Add(matches[i]!.Name);
            results.Add(new RuleTestCaseResult(testCase, fired, outputs, Check(testCase, fired, load)));
        }
        return new RuleTestRun { Load = load, FileProblems = problems, Results = results };
    }

    private static List<string> Check(RuleTestCase testCase, List<string> fired, LoadResult load)
    {
        var failures = new List<string>();
        foreach (string name in testCase.Fires.Concat(testCase.DoesNotFire))
        {
            if (Explain(name, testCase, load) is { } reason)
                failures.Add(reason);
        }
        if (failures.Count > 0)
            return failures;
        string firedText = fired.Count == 0 ? "no rule fired" : "fired: " + string.Join(", ", fired.Select(f => $"'{f}'"));
        foreach (string name in testCase.Fires)
        {
            if (!fired.Contains(name, StringComparer.Ordinal))
                failures.Add($"expected '{name}' to fire, it did not ({firedText})");
        }
        foreach (string name in testCase.DoesNotFire)
        {
            if (fired.Contains(name, StringComparer.Ordinal))
                failures.Add($"expected '{name}' not to fire, it did");
        }
        return failures;
    }

    // A named rule that cannot fire on this case at all is a mistake in the test, not a pass.
    private static string? Explain(string name, RuleTestCase testCase, LoadResult load)
    {
        RuleInfo? rule = load.FindRule(name);
        if (rule is null)
            return $"no rule named '{name}' in the loaded rules files";
        if (rule.Source != testCase.Source)
            return $"rule '{name}' has source {rule.Source}, the case's event is {testCase.Source}";
        if (!rule.Enabled)
            return $"rule '{name}' is disabled";
        return null;
    }
}
