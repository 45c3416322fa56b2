using Kite.Agent.Fields;
using Kite.Rules.Loading;
using Kite.TestUtilities;
using Xunit.Abstractions;

namespace Kite.Agent.Tests.Rules;

public class UpstreamRulesLoadingTests(ITestOutputHelper output)
{
    [RequiresSharedCompatTheory]
    [InlineData(UpstreamRules.Stable, 25, 25, 87, 49)]
    [InlineData(UpstreamRules.Incubating, 31, 31, 82, 54)]
    [InlineData(UpstreamRules.Sandbox, 37, 25, 183, 60)]
    public void EachSyscallFileLoadsWithoutErrorsAndWithTheSpecifiedCounts(string file, int rules, int enabled, int macros, int lists)
    {
        LoadResult result = UpstreamRules.Load(file);
        foreach (RuleDiagnostic d in result.Diagnostics)
            output.WriteLine(d.ToString());
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal(rules, result.Rules.Count);
        Assert.Equal(enabled, result.Rules.Count(r => r.Enabled));
        Assert.Equal(macros, result.MacroCount);
        Assert.Equal(lists, result.ListCount);
        Assert.All(result.Rules, r => Assert.True(r.IsCompiled, r.Name));
    }

    [RequiresSharedCompatFact]
    public void TheThreeSyscallFilesLoadTogetherInOrder()
    {
        LoadResult result = UpstreamRules.Load(UpstreamRules.Stable, UpstreamRules.Incubating, UpstreamRules.Sandbox);
        foreach (RuleDiagnostic d in result.Diagnostics)
            output.WriteLine(d.ToString());
        Assert.Empty(result.Errors);
        Assert.Equal(93, result.Rules.Count);
        Assert.Equal(315, result.MacroCount);
        Assert.Equal(118, result.ListCount);
    }

    [RequiresSharedCompatFact]
    public void NoSyscallRuleMatchesEveryEventType()
    {
        LoadResult result = UpstreamRules.Load(UpstreamRules.Stable, UpstreamRules.Incubating, UpstreamRules.Sandbox);
        Assert.All(result.Rules, r => Assert.False(r.MatchesAllEventTypes, r.Name));
        Assert.Equal(["execve", "execveat"], result.FindRule("Terminal shell in container")!.EventTypes);
        Assert.Equal(["connect", "sendmsg", "sendto"], result.FindRule("Disallowed SSH Connection Non Standard Port")!.EventTypes);
        Assert.Equal(["open", "openat", "openat2", "rename", "renameat", "renameat2", "rmdir", "unlink", "unlinkat"],
            result.FindRule("Delete or rename shell history")!.EventTypes);
    }

    [RequiresSharedCompatFact]
    public void TheKubernetesAuditFileWithoutItsSourceOnlyWarnsAboutTheUnknownSource()
    {
        LoadResult result = UpstreamRules.Load([UpstreamRules.K8sAudit], [SyscallFieldCatalog.Instance], new RuleLoadOptions { CheckPluginRequirements = false });
        Assert.Empty(result.Errors);
        Assert.Equal(48, result.Rules.Count);
        Assert.Equal(45, result.MacroCount);
        Assert.Equal(18, result.ListCount);
        Assert.Equal(48, result.Warnings.Count(w => w.Code == RuleDiagnosticCode.LOAD_UNKNOWN_SOURCE));
    }
}

public class UpstreamAuditRulesLoadingTests(ITestOutputHelper output)
{
    [RequiresSharedCompatFact]
    public void TheKubernetesAuditFileLoadsAgainstTheAuditSource()
    {
        LoadResult result = UpstreamRules.Load([UpstreamRules.K8sAudit], [Kite.Agent.Audit.AuditFieldCatalog.Instance]);
        foreach (RuleDiagnostic d in result.Diagnostics)
            output.WriteLine(d.ToString());
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal(48, result.Rules.Count);
        Assert.Equal(48, result.Rules.Count(r => r.Enabled));
        Assert.Equal(45, result.MacroCount);
        Assert.Equal(18, result.ListCount);
        Assert.All(result.Rules, r => Assert.True(r.IsCompiled, r.Name));
    }

    [RequiresSharedCompatFact]
    public void AllFourFilesLoadTogetherWithBothSources()
    {
        LoadResult result = UpstreamRules.Load(
            [UpstreamRules.Stable, UpstreamRules.Incubating, UpstreamRules.Sandbox, UpstreamRules.K8sAudit],
            [SyscallFieldCatalog.Instance, Kite.Agent.Audit.AuditFieldCatalog.Instance]);
        foreach (RuleDiagnostic d in result.Diagnostics)
            output.WriteLine(d.ToString());
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal(141, result.Rules.Count);
        Assert.Equal(360, result.MacroCount);
        Assert.Equal(136, result.ListCount);
    }
}
