using Kite.Rules.Evaluation;
using Kite.Rules.Fields.Synthetic;
using Kite.Rules.Output;
using static Kite.Rules.Tests.RuleTestHelpers;

namespace Kite.Rules.Tests.Output;

public class OutputTemplateTests
{
    private static RuleOutput Format(string template, SyntheticEvent ev, bool suggested = false)
    {
        var result = Load($"- rule: r\n  desc: d\n  condition: evt.type = open\n  output: '{template.Replace("'", "''")}'\n  priority: INFO\n");
        Assert.False(result.HasErrors, string.Join("\n", result.Errors));
        RuleSet<SyntheticFieldSource> set = result.Compile<SyntheticFieldSource>("syscall", options: new RuleSetOptions { SuggestedOutput = suggested });
        var source = new SyntheticFieldSource(ev);
        return set.Rules[0].Output.Format(ref source);
    }

    [Fact]
    public void SubstitutesFieldsAndArgumentsGreedily()
    {
        var ev = Event().Set("proc.name", "bash").Set("fd.name", "/etc/shadow").Set("evt.arg.flags", "O_RDONLY").SetLineage("proc.aname", "bash", "sshd", "systemd");
        RuleOutput output = Format("File opened | file=%fd.name) proc=%proc.name aname[2]=%proc.aname[2] flags=%evt.arg.flags", ev);
        Assert.Equal("File opened | file=/etc/shadow) proc=bash aname[2]=systemd flags=O_RDONLY", output.Message);
        Assert.Equal(["fd.name", "proc.name", "proc.aname[2]", "evt.arg.flags"], output.Fields.Select(f => f.Name));
    }

    [Fact]
    public void RerenderReplacesOnlyTheFieldsGivenAndKeepsTheRest()
    {
        var result = Load("- rule: r\n  desc: d\n  condition: evt.type = open\n  output: 'file=%fd.name pod=%proc.name pid=%proc.pid'\n  priority: INFO\n");
        RuleSet<SyntheticFieldSource> set = result.Compile<SyntheticFieldSource>("syscall", options: new RuleSetOptions { SuggestedOutput = false });
        var source = new SyntheticFieldSource(Event().Set("fd.name", "/etc/shadow").Set("proc.pid", 42));
        OutputTemplate template = set.Rules[0].Output;
        RuleOutput first = template.Format(ref source);
        Assert.Equal("file=/etc/shadow pod=<NA> pid=42", first.Message);

        RuleOutput again = template.Rerender(first, key => key == "proc.name" ? OutputValue.FromString("payments-0") : null);

        Assert.Equal("file=/etc/shadow pod=payments-0 pid=42", again.Message);
        Assert.Equal("payments-0", again.Fields.Single(f => f.Name == "proc.name").Value.AsString);
        Assert.Equal(42, again.Fields.Single(f => f.Name == "proc.pid").Value.AsInt64);
        Assert.Throws<ArgumentException>(() => template.Rerender(new RuleOutput("x", []), _ => null));
    }

    [Fact]
    public void RendersMissingValuesAsNaAndTypedNull()
    {
        RuleOutput output = Format("pid=%proc.pid name=%proc.name", Event());
        Assert.Equal("pid=<NA> name=<NA>", output.Message);
        Assert.All(output.Fields, f => Assert.True(f.Value.IsMissing));
    }

    [Fact]
    public void KeepsTypesForJsonOutputFields()
    {
        RuleOutput output = Format("%proc.pid %evt.is_open_read %fd.sip %proc.name %user.uid", Event()
            .Set("proc.pid", 42).Set("evt.is_open_read", true).Set("fd.sip", "10.0.0.1").Set("proc.name", "x").Set("user.uid", "0"));
        Assert.Equal("42 true 10.0.0.1 x 0", output.Message);
        Assert.Equal([OutputValueKind.Int64, OutputValueKind.Bool, OutputValueKind.String, OutputValueKind.String, OutputValueKind.UInt64], output.Fields.Select(f => f.Value.Kind));
        Assert.Equal(42, output.Fields[0].Value.AsInt64);
    }

    [Fact]
    public void RendersListFieldsAndAnyAncestorFields()
    {
        RuleOutput output = Format("images=%ka.images ancestors=%proc.aname", Event().SetValues("ka.images", "nginx", "redis").SetLineage("proc.aname", "bash", "sshd", "systemd"));
        Assert.Equal("images=(nginx,redis) ancestors=sshd systemd", output.Message);
        Assert.Equal(["nginx", "redis"], output.Fields[0].Value.AsList);
    }

    [Fact]
    public void AppendsSuggestedOutputFieldsWhenEnabled()
    {
        RuleOutput output = Format("x", Event().Set("proc.pid", 7), suggested: true);
        Assert.Equal("x proc_pid=7", output.Message);
        Assert.Equal("proc.pid", Assert.Single(output.Fields).Name);
    }

    [Fact]
    public void AcceptsTheDeprecatedContainerInfoPlaceholder() =>
        Assert.Equal("a  b", Format("a %container.info b", Event()).Message);

    [Fact]
    public void AppliesTransformersAndWidth()
    {
        RuleOutput output = Format("[%toupper(proc.name)] [%6proc.pname]", Event().Set("proc.name", "bash").Set("proc.pname", "sshd-session"));
        Assert.Equal("[BASH] [sshd-s]", output.Message);
        Assert.Equal("proc.pname", Assert.Single(output.Fields).Name);
    }
}
