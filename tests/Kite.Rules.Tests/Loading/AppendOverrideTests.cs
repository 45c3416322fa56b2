using Kite.Rules.Loading;
using static Kite.Rules.Tests.RuleTestHelpers;

namespace Kite.Rules.Tests.Loading;

public class AppendOverrideTests
{
    private const string Base = """
        - list: shells
          items: [bash, sh]
        - macro: spawned
          condition: evt.type = execve
        - rule: Shell
          desc: a shell
          condition: spawned and proc.name in (shells)
          output: shell %proc.name
          priority: NOTICE
          tags: [shell]
        """;

    [Fact]
    public void ListAppendAcrossFilesAddsItems()
    {
        LoadResult result = Load(Base, "- list: shells\n  items: [zsh]\n  override:\n    items: append\n");
        Assert.Contains("zsh", result.FindRule("Shell")!.ExpandedCondition);
        Assert.Contains("bash", result.FindRule("Shell")!.ExpandedCondition);
    }

    [Fact]
    public void ListRedefinitionReplacesItems()
    {
        LoadResult result = Load(Base, "- list: shells\n  items: [fish]\n");
        Assert.DoesNotContain("bash", result.FindRule("Shell")!.ExpandedCondition);
        Assert.Contains("fish", result.FindRule("Shell")!.ExpandedCondition);
    }

    [Fact]
    public void LegacyAppendWarnsAsDeprecated()
    {
        LoadResult result = Load(Base, "- list: shells\n  items: [zsh]\n  append: true\n");
        Assert.False(result.HasErrors);
        Assert.Contains(result.Warnings, w => w.Code == RuleDiagnosticCode.LOAD_DEPRECATED_ITEM);
        Assert.Contains("zsh", result.FindRule("Shell")!.ExpandedCondition);
    }

    [Fact]
    public void MacroConditionAppendIsTextual()
    {
        LoadResult result = Load(Base, "- macro: spawned\n  condition: or evt.type = open\n  override:\n    condition: append\n");
        Assert.Equal("(evt.type = execve or evt.type = open) and proc.name in (bash, sh)", result.FindRule("Shell")!.ExpandedCondition);
    }

    [Fact]
    public void RuleConditionAppendDoesNotAddParentheses()
    {
        LoadResult result = Load("""
            - rule: R
              desc: d
              condition: proc.name = a or proc.name = b
              output: o
              priority: INFO
              warn_evttypes: false
            - rule: R
              condition: and proc.pid = 1
              override:
                condition: append
            """);
        Assert.Equal("proc.name = a or (proc.name = b and proc.pid = 1)", result.FindRule("R")!.ExpandedCondition);
    }

    [Fact]
    public void OverrideReplacesAndAppendsKeysInOneItem()
    {
        LoadResult result = Load(Base, """
            - rule: Shell
              desc: and more
              priority: CRITICAL
              tags: [extra]
              enabled: false
              override:
                desc: append
                priority: replace
                tags: append
                enabled: replace
            """);
        Assert.False(result.HasErrors, string.Join("\n", result.Errors));
        RuleInfo rule = result.FindRule("Shell")!;
        Assert.Equal("a shell and more", rule.Description);
        Assert.Equal(Priority.Critical, rule.Priority);
        Assert.Equal(["extra", "shell"], rule.Tags);
        Assert.False(rule.Enabled);
    }

    [Fact]
    public void RedefinedRuleKeepsItsOriginalPositionInEvaluationOrder()
    {
        LoadResult result = Load(
            RuleYaml("proc.name = a").Replace("rule: r", "rule: first") + "\n" + RuleYaml("proc.name = b").Replace("rule: r", "rule: second"),
            RuleYaml("proc.name = c").Replace("rule: r", "rule: first"));
        Assert.Equal(["first", "second"], result.Rules.Select(r => r.Name));
        Assert.Equal("proc.name = c", result.FindRule("first")!.ExpandedCondition);
    }

    [Fact]
    public void EnabledOnlyItemTogglesAnExistingRule()
    {
        LoadResult result = Load(Base, "- rule: Shell\n  enabled: false\n");
        Assert.False(result.FindRule("Shell")!.Enabled);
        Assert.Contains(result.Warnings, w => w.Code == RuleDiagnosticCode.LOAD_DEPRECATED_ITEM);
    }

    [Fact]
    public void ListItemsReferencingEarlierListsAreExpandedOneLevel()
    {
        LoadResult result = Load("""
            - list: a
              items: [x, y]
            - list: b
              items: [a, z]
            - rule: r
              desc: d
              condition: evt.type = open and proc.name in (b)
              output: o
              priority: INFO
            """);
        Assert.Equal("evt.type = open and proc.name in (x, y, z)", result.FindRule("r")!.ExpandedCondition);
    }

    [Fact]
    public void MacrosOnlySeeMacrosDefinedBeforeThemButRulesSeeAll()
    {
        LoadResult result = Load("""
            - rule: r
              desc: d
              condition: evt.type = open and later
              output: o
              priority: INFO
            - macro: later
              condition: proc.name = x
            """);
        Assert.False(result.HasErrors, string.Join("\n", result.Errors));
    }
}
