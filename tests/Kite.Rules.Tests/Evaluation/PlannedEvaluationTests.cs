using Kite.Rules.Evaluation;
using Kite.Rules.Fields.Synthetic;
using Kite.Rules.Loading;
using static Kite.Rules.Tests.RuleTestHelpers;

namespace Kite.Rules.Tests.Evaluation;

/// <summary>
/// What the rule set's planning must not change: sub-conditions shared by several rules are remembered for one
/// event only, rule order decides under `rule_matching: first` and `all`, classified fields keep the missing-value
/// rules of `=`, `!=`, `in` and `not`, and `evt.type` checks folded per event-type bucket keep their meaning.
/// </summary>
public class PlannedEvaluationTests
{
    // Ten values, so the checks on proc.name below are classified (one lookup per event).
    private const string Lists = """
        - list: shells
          items: [sh, bash, zsh, dash, ksh, csh, tcsh, fish, ash, busybox]
        - list: editors
          items: [vi, vim, nano, emacs, ed]
        - macro: opened_for_read
          condition: evt.type in (open, openat) and evt.is_open_read = true and fd.name startswith /etc
        - macro: shell_procs
          condition: proc.name in (shells)
        """;

    private const string Rules = Lists + """

        - rule: shell reads etc
          desc: d
          condition: opened_for_read and shell_procs
          output: o
          priority: WARNING
        - rule: editor reads etc
          desc: d
          condition: opened_for_read and proc.name in (editors)
          output: o
          priority: WARNING
        - rule: anything reads etc
          desc: d
          condition: opened_for_read
          output: o
          priority: WARNING
        - rule: not a shell
          desc: d
          condition: evt.type = execve and not shell_procs
          output: o
          priority: WARNING
        - rule: not vim
          desc: d
          condition: evt.type = execve and proc.name != vim
          output: o
          priority: WARNING
        - rule: shell or editor
          desc: d
          condition: evt.type = execve and (proc.name = bash and proc.pid = 1 or proc.name in (editors) and proc.pid = 2)
          output: o
          priority: WARNING
        """;

    [Fact]
    public void ASharedConditionIsComputedAgainForTheNextEvent()
    {
        RuleSet<SyntheticFieldSource> set = Compile(RuleMatching.All);
        SyntheticEvent reads = Event("openat").Set("evt.is_open_read", true).Set("fd.name", "/etc/passwd").Set("proc.name", "bash");
        SyntheticEvent writes = Event("openat").Set("evt.is_open_read", false).Set("fd.name", "/etc/passwd").Set("proc.name", "bash");

        Assert.Equal(["shell reads etc", "anything reads etc"], Fired(set, reads));
        Assert.Empty(Fired(set, writes));
        Assert.Equal(["shell reads etc", "anything reads etc"], Fired(set, reads));
    }

    [Fact]
    public void RuleMatchingFirstReportsTheEarliestRuleAndAllReportsEveryRuleInOrder()
    {
        SyntheticEvent vim = Event("openat").Set("evt.is_open_read", true).Set("fd.name", "/etc/hosts").Set("proc.name", "vim");

        Assert.Equal(["editor reads etc"], Fired(Compile(RuleMatching.First), vim));
        Assert.Equal(["editor reads etc", "anything reads etc"], Fired(Compile(RuleMatching.All), vim));
    }

    [Fact]
    public void AMatchBufferShorterThanTheMatchesKeepsTheEarliestRules()
    {
        RuleSet<SyntheticFieldSource> set = Compile(RuleMatching.All);
        var source = new SyntheticFieldSource(Event("openat").Set("evt.is_open_read", true).Set("fd.name", "/etc/hosts").Set("proc.name", "zsh"));
        var one = new CompiledRule?[1];

        Assert.Equal(1, set.Evaluate(ref source, one));
        Assert.Equal("shell reads etc", one[0]!.Name);
    }

    [Theory]
    [InlineData("vim", new[] { "not a shell", "shell or editor" })]
    [InlineData("bash", new[] { "not vim" })]
    [InlineData(null, new[] { "not a shell" })] // missing proc.name: `not in` holds, `!=` and `in` do not
    public void ClassifiedChecksKeepTheMissingValueRules(string? name, string[] expected)
    {
        RuleSet<SyntheticFieldSource> set = Compile(RuleMatching.All);
        Assert.True(set.ClassifiedFieldCount > 0);
        SyntheticEvent exec = Event("execve").Set("proc.pid", name == "vim" ? 2 : 5);
        if (name is not null)
            exec.Set("proc.name", name);

        Assert.Equal(expected, Fired(set, exec));
    }

    [Fact]
    public void TheMatchesOfOneRuleFollowItsOwnCondition()
    {
        RuleSet<SyntheticFieldSource> set = Compile(RuleMatching.All);
        var bash = new SyntheticFieldSource(Event("execve").Set("proc.name", "bash").Set("proc.pid", 1));
        var editor = new SyntheticFieldSource(Event("execve").Set("proc.name", "nano").Set("proc.pid", 1));

        Assert.True(set.Matches("shell or editor", ref bash));
        Assert.False(set.Matches("shell or editor", ref editor));
        Assert.False(set.Matches("not a shell", ref bash));
        Assert.True(set.Matches("not a shell", ref editor));
    }

    [Theory]
    [InlineData("open", "a", true)]
    [InlineData("open", "b", false)]
    [InlineData("execve", "b", true)]
    [InlineData("execve", "a", false)]
    [InlineData("connect", "a", false)]
    public void EventTypeChecksFoldPerBucketWithoutChangingTheResult(string type, string name, bool fires)
    {
        LoadResult result = Load(RuleYaml("evt.type in (open, execve) and (evt.type = open and proc.name = a or evt.type = execve and proc.name = b)"));
        RuleSet<SyntheticFieldSource> set = result.Compile<SyntheticFieldSource>("syscall", options: new RuleSetOptions { SuggestedOutput = false });

        Assert.Equal(fires, Fired(set, Event(type).Set("proc.name", name)).Count == 1);
        var source = new SyntheticFieldSource(Event(type).Set("proc.name", name));
        Assert.Equal(fires, set.Matches("r", ref source));
    }

    [Theory]
    [InlineData("bash", "sshd", new[] { "login shell", "login shell as root" })]
    [InlineData("bash", "cron", new string[0])]
    public void ComputedValueChecksFromAMacroEvaluateInEveryRuleThatUsesIt(string name, string parent, string[] expected)
    {
        LoadResult result = Load("""
            - macro: login_shell
              condition: concat(proc.name, "<-", proc.pname) = "bash<-sshd"
            - rule: login shell
              desc: d
              condition: evt.type = execve and login_shell
              output: o
              priority: WARNING
            - rule: login shell as root
              desc: d
              condition: evt.type = execve and login_shell and user.uid = 0
              output: o
              priority: WARNING
            """);
        Assert.False(result.HasErrors, string.Join("\n", result.Errors));
        RuleSet<SyntheticFieldSource> set = result.Compile<SyntheticFieldSource>("syscall", options: new RuleSetOptions { Matching = RuleMatching.All, SuggestedOutput = false });

        Assert.Equal(expected, Fired(set, Event("execve").Set("proc.name", name).Set("proc.pname", parent).Set("user.uid", 0)));
    }

    [Fact]
    public void EqualConditionsFromDifferentRulesAreOneSharedNode()
    {
        RuleSet<SyntheticFieldSource> set = Compile(RuleMatching.All);

        // opened_for_read is used by three rules of the open/openat buckets; its evt.type check folds away there,
        // its two other checks are computed once per event.
        Assert.True(set.SharedConditionCount >= 2, $"{set.SharedConditionCount} shared conditions");
    }

    private static RuleSet<SyntheticFieldSource> Compile(RuleMatching matching)
    {
        LoadResult result = Load(Rules);
        Assert.False(result.HasErrors, string.Join("\n", result.Errors));
        return result.Compile<SyntheticFieldSource>("syscall", options: new RuleSetOptions { Matching = matching, SuggestedOutput = false });
    }

    private static List<string> Fired(RuleSet<SyntheticFieldSource> set, SyntheticEvent ev)
    {
        var source = new SyntheticFieldSource(ev);
        var matches = new CompiledRule?[set.Rules.Count];
        int n = set.Evaluate(ref source, matches);
        return [.. matches.Take(n).Select(m => m!.Name)];
    }
}
