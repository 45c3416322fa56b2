using Kite.Agent.Rules;
using Kite.Agent.RuleTests;
using Kite.Rules.Loading;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.DefaultRules;

/// <summary>
/// The default rules through the real loader and compiler: they load cleanly, and every case of every
/// file in rules/default/tests passes (one test per case, named after it).
/// </summary>
public sealed class DefaultRuleTestCasesTests
{
    private static readonly Lazy<RuleTestRun> s_run = new(() => RuleTestRunner.Run(
        Kite.Rules.DefaultRules.Files.Select(f => new RuleFile(f.Name, f.Content)).ToList(),
        DefaultRuleFilesTests.TestFiles().Select(p => new RuleFile(Path.GetRelativePath(TestEnvironment.RepoRoot, p), File.ReadAllText(p))).ToList()));

    public static TheoryData<string> CaseNames()
    {
        var names = new TheoryData<string>();
        foreach (string path in DefaultRuleFilesTests.TestFiles())
        {
            RuleTestFileReader.TryRead(path, File.ReadAllText(path), out List<RuleTestCase> cases, out _);
            foreach (RuleTestCase testCase in cases)
                names.Add(testCase.Name);
        }
        return names;
    }

    [Fact]
    public void DefaultRulesLoadWithoutErrorsOrWarnings()
    {
        LoadResult result = RuleLoader.Load(Kite.Rules.DefaultRules.Files.Select(f => new RuleFile(f.Name, f.Content)), RuleSources.Catalogs);

        Assert.True(result.Diagnostics.Count == 0, string.Join("\n", result.Diagnostics));
        Assert.Equal(13, result.Rules.Count(r => r.Source == "syscall" && r.Enabled));
        Assert.Equal(9, result.Rules.Count(r => r.Source == "k8s_audit" && r.Enabled));
    }

    [RequiresSharedCompatFact]
    public void DefaultRulesLoadAlongsideFalcosUpstreamFiles()
    {
        string rules = Path.Combine(TestEnvironment.SharedCompatDir!, "rules");
        var files = new List<RuleFile>();
        foreach (string name in (string[])["falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml", "k8s_audit_rules.yaml"])
            files.Add(new RuleFile(name, File.ReadAllText(Path.Combine(rules, name))));
        files.AddRange(Kite.Rules.DefaultRules.Files.Select(f => new RuleFile(f.Name, f.Content)));

        LoadResult result = RuleLoader.Load(files, RuleSources.Catalogs);

        Assert.False(result.HasErrors, string.Join("\n", result.Errors));
        Assert.Equal(141 + 22, result.Rules.Count);
    }

    [Fact]
    public void EveryTestFileIsValid()
    {
        RuleTestRun run = s_run.Value;

        Assert.False(run.Load.HasErrors, string.Join("\n", run.Load.Errors));
        Assert.True(run.FileProblems.Count == 0, string.Join("\n", run.FileProblems));
        Assert.Equal(((IEnumerable<object[]>)CaseNames()).Count(), run.Results.Count);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void CasePasses(string caseName)
    {
        RuleTestCaseResult result = Assert.Single(s_run.Value.Results, r => r.Case.Name == caseName);

        Assert.True(result.Passed, $"{result.Case.Location}: {string.Join("; ", result.Failures)}");
    }
}
