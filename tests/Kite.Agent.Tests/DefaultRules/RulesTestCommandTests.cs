using Kite.Agent.Cli;

namespace Kite.Agent.Tests.DefaultRules;

/// <summary>`kite rules test` as a rule author runs it: real files in a temporary directory, the real command line.</summary>
public sealed class RulesTestCommandTests : IDisposable
{
    private const string Rules = """
        - list: editors
          items: [vi, vim, nano]

        - rule: Editor Opened Shadow
          desc: an editor opened /etc/shadow
          condition: evt.type in (open, openat) and fd.name = /etc/shadow and proc.name in (editors)
          output: editor %proc.name opened %fd.name
          priority: WARNING
          tags: [test]
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("kite-rules-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static (int Code, string Output, string Error) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = KiteCommandLine.Invoke(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void PassingCasesExitZeroWithOnePassLinePerCase()
    {
        string rules = Write("rules.yaml", Rules);
        string tests = Write("tests.yaml", """
            - case: vim opens the shadow file
              event: {evt.type: openat, fd.name: /etc/shadow, proc.name: vim}
              fires: Editor Opened Shadow
            - case: cat is not an editor
              event: {evt.type: openat, fd.name: /etc/shadow, proc.name: cat}
              not_fires: Editor Opened Shadow
            """);

        var (code, output, _) = Invoke("rules", "test", tests, "-r", rules);

        Assert.Equal(0, code);
        Assert.Contains($"PASS  {tests}:1:3  vim opens the shadow file", output);
        Assert.Contains($"PASS  {tests}:4:3  cat is not an editor", output);
        Assert.Contains("2 passed, 0 failed (2 cases in 1 files)", output);
    }

    [Fact]
    public void FailingCaseExitsOneAndSaysWhy()
    {
        string rules = Write("rules.yaml", Rules);
        string tests = Write("tests.yaml", """
            - case: nano is an editor too
              event: {evt.type: openat, fd.name: /etc/shadow, proc.name: nano}
              not_fires: Editor Opened Shadow
            - case: emacs is not in the list
              event: {evt.type: openat, fd.name: /etc/shadow, proc.name: emacs}
              fires: Editor Opened Shadow
            """);

        var (code, output, _) = Invoke("rules", "test", tests, "--rules", rules);

        Assert.Equal(1, code);
        Assert.Contains($"FAIL  {tests}:1:3  nano is an editor too", output);
        Assert.Contains("expected 'Editor Opened Shadow' not to fire, it did", output);
        Assert.Contains($"FAIL  {tests}:4:3  emacs is not in the list", output);
        Assert.Contains("expected 'Editor Opened Shadow' to fire, it did not (no rule fired)", output);
        Assert.Contains("0 passed, 2 failed", output);
    }

    [Fact]
    public void QuietPrintsOnlyFailures()
    {
        string rules = Write("rules.yaml", Rules);
        string tests = Write("tests.yaml", """
            - case: vim opens the shadow file
              event: {evt.type: openat, fd.name: /etc/shadow, proc.name: vim}
              fires: Editor Opened Shadow
            """);

        var (code, output, _) = Invoke("rules", "test", tests, "-r", rules, "-q");

        Assert.Equal(0, code);
        Assert.DoesNotContain("PASS", output);
        Assert.Contains("1 passed, 0 failed", output);
    }

    [Fact]
    public void ShowOutputPrintsTheRenderedAlertOfEveryFiredRule()
    {
        string rules = Write("rules.yaml", Rules);
        string tests = Write("tests.yaml", """
            - case: vim opens the shadow file
              event: {evt.type: openat, fd.name: /etc/shadow, proc.name: vim}
              fires: Editor Opened Shadow
            """);

        var (code, output, _) = Invoke("rules", "test", tests, "-r", rules, "--show-output");

        Assert.Equal(0, code);
        Assert.Contains("      Editor Opened Shadow: editor vim opened /etc/shadow", output);
    }

    [Fact]
    public void UnknownRuleNameIsAFailureNotAPass()
    {
        string rules = Write("rules.yaml", Rules);
        string tests = Write("tests.yaml", """
            - case: typo in the rule name
              event: {evt.type: openat, fd.name: /etc/shadow, proc.name: cat}
              not_fires: Editor Opened Shadw
            """);

        var (code, output, _) = Invoke("rules", "test", tests, "-r", rules);

        Assert.Equal(1, code);
        Assert.Contains("no rule named 'Editor Opened Shadw'", output);
    }

    [Fact]
    public void BrokenRulesFileReportsFileLineColumnAndRunsNothing()
    {
        string rules = Write("rules.yaml", Rules.Replace("proc.name in (editors)", "proc.nme in (editors)", StringComparison.Ordinal));
        string tests = Write("tests.yaml", "- case: a\n  event: {evt.type: openat}\n  not_fires: Editor Opened Shadow\n");

        var (code, output, _) = Invoke("rules", "test", tests, "-r", rules);

        Assert.Equal(1, code);
        Assert.Contains($"{rules}:", output);
        Assert.Contains("LOAD_ERR_COMPILE_CONDITION", output);
        Assert.Contains("no case was run", output);
    }

    [Fact]
    public void InvalidTestFileIsReportedWithItsLocation()
    {
        string rules = Write("rules.yaml", Rules);
        string tests = Write("tests.yaml", "- case: a\n  event: {evt.type: openat, fd.nmae: /etc/shadow}\n  fires: Editor Opened Shadow\n");

        var (code, output, _) = Invoke("rules", "test", tests, "-r", rules);

        Assert.Equal(1, code);
        Assert.Contains($"ERROR {tests}:2:29: fd.nmae: unknown field", output);
    }

    [Fact]
    public void WithoutRulesTheDefaultRulesAreTested()
    {
        string tests = Write("tests.yaml", """
            - case: a shell with a terminal in a pod
              event: {evt.type: execve, proc.name: bash, proc.tty: 34816, proc.pname: containerd-shim, container.id: 0123456789ab}
              fires: Terminal Shell in Container
            """);

        var (code, output, _) = Invoke("rules", "test", tests);

        Assert.Equal(0, code);
        Assert.Contains("1 passed, 0 failed", output);
    }

    [Fact]
    public void MissingTestFileIsAnError()
    {
        var (code, _, error) = Invoke("rules", "test", Path.Combine(_dir, "absent.yaml"));

        Assert.Equal(1, code);
        Assert.Contains("absent.yaml: error: cannot read", error);
    }
}
