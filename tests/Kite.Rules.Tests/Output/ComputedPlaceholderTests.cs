using Kite.Rules.Evaluation;
using Kite.Rules.Fields.Synthetic;
using Kite.Rules.Loading;
using Kite.Rules.Output;
using static Kite.Rules.Tests.RuleTestHelpers;

namespace Kite.Rules.Tests.Output;

/// <summary>`%concat(...)`, `%join(...)`, `%getopt(...)[c]` and nested transformers in outputs.</summary>
public class ComputedPlaceholderTests
{
    private static RuleOutput Format(string template, SyntheticEvent ev)
    {
        LoadResult result = Load($"- rule: r\n  desc: d\n  condition: evt.type = open\n  output: '{template.Replace("'", "''")}'\n  priority: INFO\n");
        Assert.False(result.HasErrors, string.Join("\n", result.Errors));
        RuleSet<SyntheticFieldSource> set = result.Compile<SyntheticFieldSource>("syscall", options: new RuleSetOptions { SuggestedOutput = false });
        var source = new SyntheticFieldSource(ev);
        return set.Rules[0].Output.Format(ref source);
    }

    private static SyntheticEvent Sample() => Event()
        .Set("proc.name", "curl").Set("proc.pname", "bash").Set("fd.name", "/etc/shadow")
        .Set("proc.args", "-s -o /tmp/payload http://x").SetValues("ka.images", "nginx", "redis");

    [Theory]
    [InlineData("%concat(proc.pname, \"->\", proc.name)", "bash->curl")]
    [InlineData("%join(\",\", (proc.pname, proc.name))", "bash,curl")]
    [InlineData("%join(\" \", ka.images)", "nginx redis")]
    [InlineData("%getopt(proc.args, \"so:\")[o]", "/tmp/payload")]
    [InlineData("%getopt(proc.args, \"so:\")", "(s,o,/tmp/payload)")]
    [InlineData("%len(getopt(proc.args, \"so:\"))", "3")]
    [InlineData("%len(ka.images)", "2")]
    [InlineData("%toupper(basename(fd.name))", "SHADOW")]
    [InlineData("%tolower(concat(\"A\", proc.name))", "acurl")]
    [InlineData("out=%getopt(proc.args, \"so:\")[o])", "out=/tmp/payload)")]
    [InlineData("%concat(proc.name, \"!\")!", "curl!!")]
    [InlineData("%8concat(proc.name, \"!\")|", "curl!   |")]
    [InlineData("%3concat(proc.name, \"!\")|", "cur|")]
    [InlineData("%concat(proc.name, \"(\")[x]", "curl([x]")]
    public void RendersTheComputedValue(string template, string expected) =>
        Assert.Equal(expected, Format(template, Sample()).Message);

    [Fact]
    public void RendersAMissingValueAsNa()
    {
        RuleOutput output = Format("a=%getopt(proc.args, \"so:\")[x] b=%concat(proc.name, proc.exepath) c=%join(\",\", ka.images)", Event().Set("proc.name", "x").Set("proc.args", "-s"));
        Assert.Equal("a=<NA> b=<NA> c=<NA>", output.Message);
    }

    [Fact]
    public void ComputedPlaceholdersAreNotOutputFields()
    {
        RuleOutput output = Format("%proc.name %concat(proc.name, \"x\") %getopt(proc.args, \"so:\")[o]", Sample());
        Assert.Equal("curl curlx /tmp/payload", output.Message);
        Assert.Equal("proc.name", Assert.Single(output.Fields).Name);
    }

    [Fact]
    public void RerenderKeepsTheComputedText()
    {
        LoadResult result = Load("- rule: r\n  desc: d\n  condition: evt.type = open\n  output: 'n=%proc.name c=%concat(proc.name, \"!\")'\n  priority: INFO\n");
        RuleSet<SyntheticFieldSource> set = result.Compile<SyntheticFieldSource>("syscall", options: new RuleSetOptions { SuggestedOutput = false });
        var source = new SyntheticFieldSource(Sample());
        OutputTemplate template = set.Rules[0].Output;
        RuleOutput again = template.Rerender(template.Format(ref source), key => key == "proc.name" ? OutputValue.FromString("wget") : null);
        Assert.Equal("n=wget c=curl!", again.Message);
    }

    [Theory]
    [InlineData("x %concat(proc.name)", 4, 15, "concat() takes at least 2 arguments, got 1")]
    [InlineData("x %concat(proc.name, fd.ip)", 4, 33, "field 'fd.ip' can only be used in conditions, not in outputs")]
    [InlineData("x %concat(proc.name, proc.aname)", 4, 33, "field 'proc.aname' does not accept transformers")]
    [InlineData("x %concat(proc.name, proc.nope)", 4, 33, "unknown field 'proc.nope' for source syscall (did you mean 'proc.name'?)")]
    [InlineData("x %getopt(proc.args, \"a\")[ab]", 4, 15, "getopt() option selector must be one option character, got '[ab]'")]
    [InlineData("x %join(\",\", proc.name)", 4, 25, "join() second argument must be a list (a list field, getopt() or '(a, b, ...)'), 'proc.name' is string")]
    [InlineData("x %concat(proc.name, \"a\"", 4, 36, "unexpected end of output, expecting ',' or ')' in the arguments of 'concat'")]
    public void ReportsOutputErrorsAtTheOffendingArgument(string output, int line, int column, string message)
    {
        RuleDiagnostic error = SingleError(Load($"- rule: r\n  desc: d\n  condition: evt.type = open\n  output: '{output.Replace("'", "''")}'\n  priority: INFO\n"));
        Assert.Equal(RuleDiagnosticCode.LOAD_ERR_COMPILE_OUTPUT, error.Code);
        Assert.Equal((line, column, "rule 'r'", message), (error.Location.Line, error.Location.Column, error.Item, error.Message));
    }
}
