using Kite.Rules.Loading;
using static Kite.Rules.Tests.RuleTestHelpers;

namespace Kite.Rules.Tests.Loading;

public class DiagnosticTests
{
    private const string Rule = "- rule: r\n  desc: d\n  output: o\n  priority: INFO\n";

    [Theory]
    // YAML syntax error
    [InlineData("- rule: [unclosed\n", RuleDiagnosticCode.LOAD_ERR_YAML_PARSE, 2, 1, null, null)]
    // not a sequence
    [InlineData("rule: x\n", RuleDiagnosticCode.LOAD_ERR_YAML_VALIDATE, 1, 1, null, "Rules content is not yaml array of objects")]
    // item not a mapping
    [InlineData("- just a string\n", RuleDiagnosticCode.LOAD_ERR_YAML_VALIDATE, 1, 3, null, "Unexpected element type. Each element should be a yaml associative array.")]
    // missing required key
    [InlineData(Rule, RuleDiagnosticCode.LOAD_ERR_YAML_VALIDATE, 1, 3, "rule 'r'", "Item has no mapping for key 'condition'")]
    // bad priority
    [InlineData("- rule: r\n  desc: d\n  condition: proc.name = a\n  output: o\n  priority: LOUD\n", RuleDiagnosticCode.LOAD_ERR_YAML_VALIDATE, 5, 13, "rule 'r'", "Invalid priority 'LOUD'")]
    // condition syntax error, position inside the condition
    [InlineData(Rule + "  condition: proc.name = a and\n", RuleDiagnosticCode.LOAD_ERR_COMPILE_CONDITION, 5, 31, "rule 'r'", "unexpected end of condition after 'and'")]
    [InlineData(Rule + "  condition: proc.name = a b\n", RuleDiagnosticCode.LOAD_ERR_COMPILE_CONDITION, 5, 28, "rule 'r'", "unexpected token after 'a', expecting 'or', 'and'")]
    // unknown field, with a suggestion
    [InlineData(Rule + "  condition: proc.nme = a\n", RuleDiagnosticCode.LOAD_ERR_COMPILE_CONDITION, 5, 14, "rule 'r'", "unknown field 'proc.nme' for source syscall (did you mean 'proc.name'?)")]
    // bad operator for the field type
    [InlineData(Rule + "  condition: proc.pid contains 1\n", RuleDiagnosticCode.LOAD_ERR_COMPILE_CONDITION, 5, 23, "rule 'r'", "operator 'contains' not supported for field 'proc.pid' of type int64")]
    // bad value for the field type
    [InlineData(Rule + "  condition: proc.pid = abc\n", RuleDiagnosticCode.LOAD_ERR_COMPILE_CONDITION, 5, 25, "rule 'r'", "'abc' is not a valid number for field 'proc.pid' of type int64")]
    // unknown event type
    [InlineData(Rule + "  condition: evt.type = nosuch\n", RuleDiagnosticCode.LOAD_ERR_COMPILE_CONDITION, 5, 25, "rule 'r'", "unknown event type nosuch")]
    // undefined macro
    [InlineData(Rule + "  condition: proc.name = a and no_such_macro\n", RuleDiagnosticCode.LOAD_ERR_COMPILE_CONDITION, 5, 32, "rule 'r'", "Undefined macro 'no_such_macro' used in filter.")]
    // unknown field in the output
    [InlineData("- rule: r\n  desc: d\n  condition: proc.name = a\n  output: 'x %proc.nope'\n  priority: INFO\n", RuleDiagnosticCode.LOAD_ERR_COMPILE_OUTPUT, 4, 14, "rule 'r'", "unknown field 'proc.nope' in output for source syscall")]
    // filter-only field in the output
    [InlineData("- rule: r\n  desc: d\n  condition: proc.name = a\n  output: 'x %fd.ip'\n  priority: INFO\n", RuleDiagnosticCode.LOAD_ERR_COMPILE_OUTPUT, 4, 14, "rule 'r'", "field 'fd.ip' can only be used in conditions, not in outputs")]
    // append to a missing item
    [InlineData("- list: l\n  items: [a]\n  append: true\n", RuleDiagnosticCode.LOAD_ERR_VALIDATE, 1, 3, "list 'l'", "List uses 'append' or 'override.items: append' but no list by that name already exists")]
    [InlineData("- macro: m\n  condition: and x\n  override:\n    condition: append\n", RuleDiagnosticCode.LOAD_ERR_VALIDATE, 1, 3, "macro 'm'", "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists")]
    [InlineData("- rule: r\n  priority: INFO\n  override:\n    priority: replace\n", RuleDiagnosticCode.LOAD_ERR_VALIDATE, 1, 3, "rule 'r'", "An 'override.priority: replace' to a rule was requested but no rule by that name already exists")]
    // override key not listed under override
    [InlineData("- rule: r\n  desc: more\n  tags: [a]\n  override:\n    desc: append\n", RuleDiagnosticCode.LOAD_ERR_YAML_VALIDATE, 3, 3, "rule 'r'", "Unexpected key 'tags': no corresponding entry under 'override' is defined.")]
    // priority cannot be appended
    [InlineData("- rule: r\n  priority: INFO\n  override:\n    priority: append\n", RuleDiagnosticCode.LOAD_ERR_YAML_VALIDATE, 4, 15, "rule 'r'", "Key 'priority' cannot be appended to, use 'replace' instead")]
    public void ReportsEachProblemWithCodePositionItemAndReason(string yaml, RuleDiagnosticCode code, int line, int column, string? item, string? message)
    {
        RuleDiagnostic error = SingleError(Load(yaml));
        Assert.Equal(code, error.Code);
        Assert.Equal(("f1.yaml", line, column), (error.Location.File, error.Location.Line, error.Location.Column));
        Assert.Equal(item, error.Item);
        if (message is not null)
            Assert.Equal(message, error.Message);
    }

    [Fact]
    public void ReportsAMacroLoopAtTheReference()
    {
        var result = Load("""
            - macro: a
              condition: proc.name = x or b
            - macro: b
              condition: proc.name = y or a
            - rule: r
              desc: d
              condition: a
              output: o
              priority: INFO
            """);
        // `a` may not see `b` (defined later), so this is an undefined macro, as in Falco.
        RuleDiagnostic error = SingleError(result);
        Assert.Equal("macro 'a'", error.Item);
        Assert.StartsWith("Undefined macro 'b' used in filter.", error.Message);
        Assert.Equal(2, error.Location.Line);
        Assert.Equal(31, error.Location.Column);
    }

    [Fact]
    public void ReportsAReferenceLoopThroughRedefinition()
    {
        var result = Load("""
            - macro: a
              condition: proc.name = x
            - macro: b
              condition: a
            - macro: a
              condition: b
            - rule: r
              desc: d
              condition: a
              output: o
              priority: INFO
            """);
        RuleDiagnostic error = SingleError(result);
        Assert.Contains("reference loop in macro 'a'", error.Message);
    }

    [Fact]
    public void PointsIntoFoldedMultiLineConditions()
    {
        var result = Load("""
            - rule: r
              desc: d
              condition: >
                proc.name = a
                and proc.pid = 1
                and proc.nope = 2
              output: o
              priority: INFO
            """);
        RuleDiagnostic error = SingleError(result);
        Assert.Equal((6, 9), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void ReportsRedefinitionWithADifferentSource()
    {
        var result = Load(RuleYaml("proc.name = a"), "- rule: r\n  desc: d\n  condition: ka.x = 1\n  output: o\n  priority: INFO\n  source: k8s_audit\n");
        RuleDiagnostic error = SingleError(result);
        Assert.Equal(("f2.yaml", RuleDiagnosticCode.LOAD_ERR_VALIDATE, "Rule has been re-defined with a different source"), (error.Location.File, error.Code, error.Message));
    }

    [Theory]
    [InlineData("- rule: r\n  desc: d\n  condition: proc.name = a\n  output: o\n  priority: INFO\n  colour: red\n", RuleDiagnosticCode.LOAD_UNKNOWN_KEY, "Unknown key 'colour'. The key will be ignored.")]
    [InlineData("- thing: x\n", RuleDiagnosticCode.LOAD_UNKNOWN_ITEM, "Unknown top level item")]
    [InlineData("- list: unused\n  items: [a]\n", RuleDiagnosticCode.LOAD_UNUSED_LIST, "List not referenced by any other rule/macro")]
    [InlineData("- macro: unused\n  condition: proc.name = a\n", RuleDiagnosticCode.LOAD_UNUSED_MACRO, "Macro not referenced by any other rule/macro")]
    [InlineData("- rule: r\n  desc: d\n  condition: proc.name = a\n  output: o\n  priority: INFO\n", RuleDiagnosticCode.LOAD_NO_EVTTYPE, null)]
    [InlineData("- rule: r\n  desc: d\n  condition: proc.name = a\n  output: o\n  priority: INFO\n  source: aws_cloudtrail\n", RuleDiagnosticCode.LOAD_UNKNOWN_SOURCE, "Unknown source aws_cloudtrail, skipping")]
    [InlineData("- rule: r\n  desc: d\n  condition: evt.type = open and proc.nope = 1\n  output: o\n  priority: INFO\n  skip-if-unknown-filter: true\n", RuleDiagnosticCode.LOAD_UNKNOWN_FILTER, null)]
    [InlineData("- rule: r\n  desc: d\n  condition: evt.type = open\n  output: 'x %container.info'\n  priority: INFO\n", RuleDiagnosticCode.LOAD_DEPRECATED_ITEM, null)]
    public void ReportsWarningsWithoutFailing(string yaml, RuleDiagnosticCode code, string? message)
    {
        LoadResult result = Load(yaml);
        Assert.False(result.HasErrors, string.Join("\n", result.Errors));
        RuleDiagnostic warning = Assert.Single(result.Warnings, w => w.Code == code);
        if (message is not null)
            Assert.Equal(message, warning.Message);
    }

    [Fact]
    public void NoEventTypeWarningCanBeSilencedPerRule()
    {
        LoadResult result = Load("- rule: r\n  desc: d\n  condition: proc.name = a\n  output: o\n  priority: INFO\n  warn_evttypes: false\n");
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void DiagnosticsRenderLikeCompilerMessages()
    {
        RuleDiagnostic error = SingleError(Load(Rule + "  condition: proc.nme = a\n"));
        Assert.Equal("f1.yaml:5:14: error: rule 'r': unknown field 'proc.nme' for source syscall (did you mean 'proc.name'?) [LOAD_ERR_COMPILE_CONDITION]", error.ToString());
    }

    [Fact]
    public void ChecksTheRequiredEngineVersion()
    {
        Assert.False(Load("- required_engine_version: 0.57.0\n").HasErrors);
        Assert.False(Load("- required_engine_version: 15\n").HasErrors);
        RuleDiagnostic error = SingleError(Load("- required_engine_version: 0.99.0\n"));
        Assert.Equal("Rules require engine version 0.99.0, but engine version is 0.63.0", error.Message);
    }

    [Fact]
    public void ChecksRequiredPluginVersionsAgainstTheCatalogs()
    {
        var ok = RuleLoader.Load([new RuleFile("p.yaml", "- required_plugin_versions:\n  - name: container\n    version: 0.4.0\n")], [TestCatalog.Instance]);
        Assert.False(ok.HasErrors);
        var missing = RuleLoader.Load([new RuleFile("p.yaml", "- required_plugin_versions:\n  - name: k8saudit\n    version: 0.18.0\n    alternatives:\n      - name: k8saudit-eks\n        version: 0.12.0\n")], [TestCatalog.Instance]);
        Assert.Equal("Plugin requirement not satisfied, must load one of: k8saudit (>= 0.18.0), k8saudit-eks (>= 0.12.0)", SingleError(missing).Message);
    }
}
