using System.Text.Json;
using Kite.Agent.RuleTests;

namespace Kite.Agent.Tests.DefaultRules;

public sealed class RuleTestFileReaderTests
{
    private static (List<RuleTestCase> Cases, List<string> Problems) Read(string yaml)
    {
        RuleTestFileReader.TryRead("t.yaml", yaml, out List<RuleTestCase> cases, out List<string> problems);
        return (cases, problems);
    }

    [Fact]
    public void SyscallCaseKeepsFieldsInOrderWithSequencesAndLocation()
    {
        var (cases, problems) = Read("""
            # header
            - case: one
              event:
                evt.type: execve
                proc.aname: [bash, sshd]
              fires: Some Rule
              not_fires: [Other Rule, Third Rule]
            """);

        Assert.Empty(problems);
        RuleTestCase only = Assert.Single(cases);
        Assert.Equal("one", only.Name);
        Assert.Equal("syscall", only.Source);
        Assert.Equal(new RuleTestLocation("t.yaml", 2, 3), only.Location);
        Assert.Equal(["evt.type", "proc.aname"], only.Fields.Select(f => f.Field));
        Assert.Equal(["bash", "sshd"], only.Fields[1].Values);
        Assert.True(only.Fields[1].IsSequence);
        Assert.Equal(["Some Rule"], only.Fires);
        Assert.Equal(["Other Rule", "Third Rule"], only.DoesNotFire);
    }

    [Fact]
    public void AuditEventInYamlBecomesTypedJson()
    {
        var (cases, problems) = Read("""
            - case: audit
              source: k8s_audit
              event:
                kind: Event
                stage: ResponseComplete
                responseStatus: {code: 201}
                objectRef: {name: "201", resource: pods}
                requestObject: {spec: {hostNetwork: true, nodeName: ~, containers: [{image: nginx}]}}
              fires: X
            """);

        Assert.Empty(problems);
        JsonElement root = JsonDocument.Parse(Assert.Single(cases).AuditEventJson!).RootElement;
        Assert.Equal(JsonValueKind.Number, root.GetProperty("responseStatus").GetProperty("code").ValueKind);
        Assert.Equal(JsonValueKind.String, root.GetProperty("objectRef").GetProperty("name").ValueKind);
        Assert.Equal(JsonValueKind.True, root.GetProperty("requestObject").GetProperty("spec").GetProperty("hostNetwork").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("requestObject").GetProperty("spec").GetProperty("nodeName").ValueKind);
        Assert.Equal("nginx", root.GetProperty("requestObject").GetProperty("spec").GetProperty("containers")[0].GetProperty("image").GetString());
    }

    [Fact]
    public void AuditEventMayBeAJsonString()
    {
        var (cases, problems) = Read("""
            - case: audit json
              source: k8s_audit
              event: '{"kind":"Event","stage":"ResponseStarted","verb":"get"}'
              not_fires: X
            """);

        Assert.Empty(problems);
        Assert.Contains("ResponseStarted", Assert.Single(cases).AuditEventJson);
    }

    [Theory]
    [InlineData("- case: a\n  event: {evt.type: open}\n", "t.yaml:1:3: case 'a' expects nothing")]
    [InlineData("- case: a\n  event: {evt.type: open}\n  fires: X\n  not_fires: X\n", "lists rule 'X' in both")]
    [InlineData("- case: a\n  fires: X\n", "has no 'event'")]
    [InlineData("- event: {evt.type: open}\n  fires: X\n", "t.yaml:1:3: missing 'case'")]
    [InlineData("- case: a\n  event: {evt.type: open}\n  fires: X\n  expect: Y\n", "t.yaml:4:3: unknown key 'expect'")]
    [InlineData("- case: a\n  source: gcp_audit\n  event: {}\n  fires: X\n", "source 'gcp_audit' is not")]
    [InlineData("- case: a\n  event: {proc.name: {nested: map}}\n  fires: X\n", "t.yaml:2:22: value of proc.name must be a scalar")]
    [InlineData("- case: a\n  source: k8s_audit\n  event: '{broken'\n  fires: X\n", "audit event is not valid JSON")]
    [InlineData("- case: a\n  event: {evt.type: open}\n  fires: X\n- case: a\n  event: {evt.type: open}\n  fires: X\n", "t.yaml:4:3: duplicate case name 'a'")]
    [InlineData("case: a\n", "t.yaml:1:1: a rule test file is a sequence of cases")]
    [InlineData("- case: [\n", "t.yaml:")]
    [InlineData("# nothing\n", "t.yaml: no test cases")]
    public void ProblemsNameFileLineAndColumn(string yaml, string expected)
    {
        var (cases, problems) = Read(yaml);

        Assert.Empty(cases);
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void SyscallEventNeedsAnEventType()
    {
        var (cases, _) = Read("- case: a\n  event: {proc.name: sh}\n  fires: X\n");

        Assert.False(RuleTestEventBuilder.TryBuildSyscallEvent(Assert.Single(cases), out _, out string? error));
        Assert.Contains("needs evt.type", error);
    }

    [Theory]
    [InlineData("proc.nam: sh", "t.yaml:2:27: proc.nam: unknown field")]
    [InlineData("fd.num: many", "t.yaml:2:27: fd.num:")]
    [InlineData("fd.sip: not-an-ip", "t.yaml:2:27: fd.sip:")]
    [InlineData("evt.arg.nosuchparam: x", "unknown event argument 'nosuchparam'")]
    public void BadFieldsAndValuesAreReportedAtTheirLine(string field, string expected)
    {
        var (cases, problems) = Read($"- case: a\n  event: {{evt.type: open, {field}}}\n  fires: X\n");
        Assert.Empty(problems);

        Assert.False(RuleTestEventBuilder.TryBuildSyscallEvent(Assert.Single(cases), out _, out string? error));
        Assert.Contains(expected, error);
    }
}
