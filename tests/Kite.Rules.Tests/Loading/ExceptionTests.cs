using Kite.Rules.Loading;
using static Kite.Rules.Tests.RuleTestHelpers;

namespace Kite.Rules.Tests.Loading;

public class ExceptionTests
{
    private const string WithExceptions = """
        - list: allowed
          items: [apt, dpkg]
        - rule: Write etc
          desc: d
          condition: evt.type = open and fd.name startswith /etc
          output: o
          priority: ERROR
          exceptions:
            - name: proc_writer
              fields: [proc.name, fd.name]
              comps: [=, pmatch]
              values:
                - [apt, /etc/apt]
                - [dpkg, [/etc/dpkg, /etc/alternatives]]
            - name: by_list
              fields: proc.pname
              values: [allowed, "my tool"]
        """;

    [Fact]
    public void ExceptionsAreCompiledIntoTheConditionAsFalcoRewritesThem()
    {
        LoadResult result = Load(WithExceptions);
        Assert.False(result.HasErrors, string.Join("\n", result.Errors));
        RuleInfo rule = result.FindRule("Write etc")!;
        Assert.Equal(
            "(evt.type = open and fd.name startswith /etc) and not ((proc.name = apt and fd.name pmatch (/etc/apt)) or (proc.name = dpkg and fd.name pmatch (/etc/dpkg, /etc/alternatives))) and not (proc.pname in (allowed, \"my tool\"))",
            rule.Condition);
        Assert.Equal(["proc.name", "fd.name", "proc.pname"], rule.ExceptionFields);
    }

    [Theory]
    [InlineData("proc.name", "vim", "/etc/passwd", "bash", true)]
    [InlineData("proc.name", "apt", "/etc/apt/sources.list", "bash", false)]
    [InlineData("proc.name", "apt", "/etc/passwd", "bash", true)]
    [InlineData("proc.name", "vim", "/etc/passwd", "dpkg", false)]
    [InlineData("proc.name", "vim", "/etc/passwd", "my tool", false)]
    public void ExceptionsSuppressMatchingEvents(string _, string name, string file, string parent, bool fires) =>
        Assert.Equal(fires, EvaluateRule(name, file, parent));

    private static bool EvaluateRule(string name, string file, string parent)
    {
        var result = Load(WithExceptions);
        var set = result.Compile<Kite.Rules.Fields.Synthetic.SyntheticFieldSource>("syscall");
        var source = new Kite.Rules.Fields.Synthetic.SyntheticFieldSource(Event().Set("proc.name", name).Set("fd.name", file).Set("proc.pname", parent));
        return set.Matches("Write etc", ref source);
    }

    [Fact]
    public void AppendedExceptionValuesExtendAnExistingException()
    {
        LoadResult result = Load(WithExceptions, """
            - rule: Write etc
              exceptions:
                - name: by_list
                  values: [vim]
              override:
                exceptions: append
            """);
        Assert.False(result.HasErrors, string.Join("\n", result.Errors));
        Assert.Contains("proc.pname in (allowed, \"my tool\", vim)", result.FindRule("Write etc")!.Condition);
    }

    [Theory]
    [InlineData("fields: [proc.name, fd.name]\n      comps: [=]\n      values: [[a, b]]", "Rule exception 'e': Fields and comps lists must have equal length")]
    [InlineData("fields: [proc.name, fd.name]\n      values: [[a]]", "Rule exception 'e': Fields and values lists must have equal length")]
    [InlineData("fields: [proc.nope]\n      values: [[a]]", "Rule exception 'e': 'proc.nope' is not a supported filter field")]
    [InlineData("fields: proc.name\n      comps: =\n      values: [a]", null)]
    public void RejectsInconsistentExceptions(string body, string? message)
    {
        string yaml = "- rule: r\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: INFO\n  exceptions:\n    - name: e\n      " + body + "\n";
        RuleDiagnostic error = SingleError(Load(yaml));
        Assert.Equal(RuleDiagnosticCode.LOAD_ERR_VALIDATE, error.Code);
        if (message is not null)
            Assert.Equal(message, error.Message);
    }
}
