using Kite.Agent.Cli;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.Rules;

public class RulesCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = KiteCommandLine.Invoke(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [RequiresSharedCompatFact]
    public void ValidatePrintsASummaryAndSucceedsOnTheUpstreamFiles()
    {
        var (code, output, _) = Run("rules", "validate", UpstreamRules.PathOf(UpstreamRules.Stable), UpstreamRules.PathOf(UpstreamRules.K8sAudit));
        Assert.Equal(0, code);
        Assert.Contains("rules: 73 (enabled 73), macros: 132, lists: 67, errors: 0, warnings: 0", output);
    }

    [Fact]
    public void ValidateFailsWithFileLineColumnOnABrokenFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"kite-broken-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "- rule: r\n  desc: d\n  condition: evt.type = open and proc.nme = x\n  output: o\n  priority: INFO\n");
        try
        {
            var (code, output, _) = Run("rules", "validate", path);
            Assert.Equal(1, code);
            Assert.Contains($"{path}:3:34: error: rule 'r': unknown field 'proc.nme' for source syscall (did you mean 'proc.name'?) [LOAD_ERR_COMPILE_CONDITION]", output);
            Assert.Contains("errors: 1, warnings: 0", output);

            var (jsonCode, json, _) = Run("rules", "validate", "--json", path);
            Assert.Equal(1, jsonCode);
            using var document = System.Text.Json.JsonDocument.Parse(json);
            var diagnostic = document.RootElement.GetProperty("diagnostics")[0];
            Assert.Equal("LOAD_ERR_COMPILE_CONDITION", diagnostic.GetProperty("code").GetString());
            Assert.Equal(3, diagnostic.GetProperty("line").GetInt32());
            Assert.Equal(1, document.RootElement.GetProperty("summary").GetProperty("errors").GetInt32());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ValidateReportsAnUnsafeNaCheckWithFileLineColumnAndSucceeds()
    {
        string path = Path.Combine(Path.GetTempPath(), $"kite-na-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "- rule: Anonymous user\n  desc: d\n  condition: ka.user.name = \"<NA>\"\n  output: user=%ka.user.name\n  priority: INFO\n  source: k8s_audit\n");
        try
        {
            var (code, output, _) = Run("rules", "validate", path);
            Assert.Equal(0, code);
            Assert.Contains($"{path}:3:29: warning: rule 'Anonymous user': unsafe comparison of 'ka.user.name' with <NA>: a missing value is not the string <NA> "
                + "(every check on it is false); use 'ka.user.name exists' to test whether it is set [LOAD_UNSAFE_NA_CHECK]", output);
            Assert.Contains("errors: 0, warnings: 1", output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [RequiresSharedCompatFact]
    public void ExplainPrintsTheExpandedCondition()
    {
        var (code, output, _) = Run("rules", "validate", UpstreamRules.PathOf(UpstreamRules.Stable), "--explain", "Terminal shell in container");
        Assert.Equal(0, code);
        Assert.Contains("event types: execve, execveat", output);
        Assert.Contains("condition: evt.type in (execve, execveat) and", output);
        Assert.Contains("proc.tty != 0", output);
    }

    [Fact]
    public void FieldsListsEverySyscallField()
    {
        var (code, output, _) = Run("fields", "--source", "syscall");
        Assert.Equal(0, code);
        Assert.Contains("proc.aname[ARG?]", output);
        Assert.Contains("fd.net", output);
    }

    [Fact]
    public void ListShowsTheEmbeddedDefaultRules()
    {
        var (code, output, _) = Run("rules", "list");
        Assert.Equal(0, code);
        Assert.StartsWith("RULE", output);
    }
}
