using Kite.Rules.Evaluation;
using Kite.Rules.Fields.Synthetic;
using Kite.Rules.Loading;

namespace Kite.Rules.Tests;

internal static class RuleTestHelpers
{
    public static LoadResult Load(params string[] yamlFiles) =>
        RuleLoader.Load(yamlFiles.Select((y, i) => new RuleFile($"f{i + 1}.yaml", y)), [TestCatalog.Instance], new RuleLoadOptions { CheckPluginRequirements = false });

    /// <summary>A one-rule file around <paramref name="condition"/>.</summary>
    public static string RuleYaml(string condition, string extra = "") => $"""
        - rule: r
          desc: d
          condition: '{condition.Replace("'", "''")}'
          output: "out %proc.name"
          priority: WARNING
        {extra}
        """;

    public static bool Evaluate(string condition, SyntheticEvent ev, string prelude = "")
    {
        LoadResult result = Load(prelude + "\n" + RuleYaml(condition));
        Assert.False(result.HasErrors, string.Join("\n", result.Errors));
        RuleSet<SyntheticFieldSource> set = result.Compile<SyntheticFieldSource>("syscall", options: new RuleSetOptions { SuggestedOutput = false });
        var source = new SyntheticFieldSource(ev);
        return set.Matches("r", ref source);
    }

    public static SyntheticEvent Event(string type = "open") => new SyntheticEvent(TestCatalog.Instance).WithEventType(type);

    public static RuleDiagnostic SingleError(LoadResult result)
    {
        var errors = result.Errors.ToList();
        Assert.True(errors.Count == 1, "expected one error, got: " + string.Join("\n", result.Diagnostics));
        return errors[0];
    }
}
