using Kite.Rules.Loading;
using static Kite.Rules.Tests.RuleTestHelpers;

namespace Kite.Rules.Tests.Loading;

/// <summary>The warnings of SPEC.md 1.12: each with its code, file:line:column, item and reason; the load still succeeds.</summary>
public class WarningTests
{
    // The condition is the value of line 5; the text after this prefix starts at column 35.
    private const string Rule = "- rule: r\n  desc: d\n  output: o\n  priority: INFO\n  condition: 'evt.type = open and ";

    private static LoadResult LoadCondition(string condition) => Load(Rule + condition.Replace("'", "''") + "'\n");

    private static List<RuleDiagnostic> Warnings(LoadResult result, RuleDiagnosticCode code)
    {
        Assert.False(result.HasErrors, string.Join("\n", result.Errors));
        return result.Warnings.Where(w => w.Code == code).ToList();
    }

    private static string UnsafeNa(string field) =>
        $"unsafe comparison of '{field}' with <NA>: a missing value is not the string <NA> (every check on it is false); use '{field} exists' to test whether it is set";

    [Theory]
    [InlineData("ka.user.name = <NA>", 50, "ka.user.name")]
    [InlineData("ka.user.name = \"<NA>\"", 50, "ka.user.name")]
    [InlineData("ka.user.name == <NA>", 51, "ka.user.name")]
    [InlineData("ka.user.name != <NA>", 51, "ka.user.name")]
    [InlineData("ka.user.name in (admin, <NA>)", 59, "ka.user.name")]
    [InlineData("ka.user.name intersects (<NA>)", 60, "ka.user.name")]
    [InlineData("ka.user.name pmatch (<NA>)", 56, "ka.user.name")]
    [InlineData("jevt.value[/user/name] = <NA>", 60, "jevt.value[/user/name]")]
    [InlineData("not ka.user.name = <NA>", 54, "ka.user.name")]
    public void UnsafeNaCheckIsReportedAtTheNaValue(string condition, int column, string field)
    {
        RuleDiagnostic warning = Assert.Single(Warnings(LoadCondition(condition), RuleDiagnosticCode.LOAD_UNSAFE_NA_CHECK));
        Assert.Equal(("f1.yaml", 5, column, "rule 'r'", UnsafeNa(field)),
            (warning.Location.File, warning.Location.Line, warning.Location.Column, warning.Item, warning.Message));
    }

    [Theory]
    [InlineData("ka.user.name contains <NA>")]
    [InlineData("ka.user.name startswith <NA>")]
    [InlineData("ka.user.name = \"<na>\"")]
    [InlineData("ka.user.name = NA")]
    [InlineData("ka.user.name exists")]
    [InlineData("proc.name = <NA>")]
    [InlineData("proc.name in (\"<NA>\", \"N/A\")")]
    public void OtherComparisonsWithNaAreNotUnsafe(string condition) =>
        Assert.Empty(Warnings(LoadCondition(condition), RuleDiagnosticCode.LOAD_UNSAFE_NA_CHECK));

    [Fact]
    public void UnsafeNaCheckInAMacroIsReportedOnceForTheMacro()
    {
        LoadResult result = Load("""
            - macro: no_user
              condition: ka.user.name = <NA>
            - rule: r1
              desc: d
              condition: evt.type = open and no_user
              output: o
              priority: INFO
            - rule: r2
              desc: d
              condition: evt.type = openat and no_user
              output: o
              priority: INFO
            """);
        RuleDiagnostic warning = Assert.Single(Warnings(result, RuleDiagnosticCode.LOAD_UNSAFE_NA_CHECK));
        Assert.Equal(("macro 'no_user'", 2, 29), (warning.Item, warning.Location.Line, warning.Location.Column));
    }

    [Fact]
    public void UnsafeNaValueFromAListPointsAtTheListName()
    {
        LoadResult result = Load("""
            - list: na_values
              items: ["<NA>", N/A]
            - rule: r
              desc: d
              output: o
              priority: INFO
              condition: evt.type = open and ka.user.name in (na_values)
            """);
        RuleDiagnostic warning = Assert.Single(Warnings(result, RuleDiagnosticCode.LOAD_UNSAFE_NA_CHECK));
        Assert.Equal((7, 51), (warning.Location.Line, warning.Location.Column));
    }

    [Theory]
    [InlineData("proc.name regex bash", 51, "regex 'bash' uses no regular-expression syntax: '=', 'contains', 'startswith' or 'endswith' does the same check faster")]
    [InlineData("proc.name regex \"^bash$\"", 51, "regex '^bash$' uses no regular-expression syntax: '=', 'contains', 'startswith' or 'endswith' does the same check faster")]
    [InlineData("proc.name regex \".*bash\"", 51, "regex '.*bash' uses no regular-expression syntax: '=', 'contains', 'startswith' or 'endswith' does the same check faster")]
    [InlineData("proc.name = proc.pname", 47, "'proc.pname' is a field name used as a constant string; to compare with the field's value write val(proc.pname)")]
    [InlineData("proc.name in (bash, proc.aname[2])", 55, "'proc.aname[2]' is a field name used as a constant string; to compare with the field's value write val(proc.aname[2])")]
    [InlineData("proc.name = \"tolower(proc.pname)\"", 47, "'tolower(proc.pname)' is a transformer written as a constant string; without quotes it would be applied")]
    [InlineData("getopt(proc.args, \"ab\")[c] exists", 35, "getopt() selects option 'c', which the optstring \"ab\" does not declare: the value is always missing")]
    public void FilterCompilerHintsAreReported(string condition, int column, string message)
    {
        RuleDiagnostic warning = Assert.Single(Warnings(LoadCondition(condition), RuleDiagnosticCode.LOAD_COMPILE_CONDITION));
        Assert.Equal((5, column, "rule 'r'", message), (warning.Location.Line, warning.Location.Column, warning.Item, warning.Message));
    }

    [Theory]
    [InlineData("proc.name regex \"ba[sz]h\"")]
    [InlineData("proc.name regex \"a|b\"")]
    [InlineData("proc.name = some.thing")]
    [InlineData("proc.name = proc.name.x")]
    [InlineData("fd.name = /etc/passwd")]
    [InlineData("proc.name = val(proc.pname)")]
    [InlineData("getopt(proc.args, \"ab\")[b] exists")]
    public void ValuesThatAreFineGiveNoHint(string condition) =>
        Assert.Empty(Warnings(LoadCondition(condition), RuleDiagnosticCode.LOAD_COMPILE_CONDITION));

    [Fact]
    public void DeprecatedFieldsAreReportedWhereTheyAreWritten()
    {
        LoadResult result = Load("""
            - macro: inbound
              condition: evt.dir = "<"
            - rule: r1
              desc: d
              condition: evt.type = open and inbound and evt.dir exists
              output: 'dir=%evt.dir'
              priority: INFO
            - rule: r2
              desc: d
              condition: evt.type = openat and inbound
              output: o
              priority: INFO
            """);
        var warnings = Warnings(result, RuleDiagnosticCode.LOAD_DEPRECATED_ITEM);
        Assert.Equal(
            [("macro 'inbound'", 2, 14), ("rule 'r1'", 5, 46), ("rule 'r1'", 6, 17)],
            warnings.Select(w => (w.Item!, w.Location.Line, w.Location.Column)).Order());
        Assert.All(warnings, w => Assert.Equal("field 'evt.dir' is deprecated", w.Message));
    }

    [Fact]
    public void DeprecatedContainerInfoAppendAndEnabledOnlyItemsAreReported()
    {
        LoadResult result = Load("""
            - list: l
              items: [a]
            - macro: m
              condition: evt.type = open
            - rule: r
              desc: d
              condition: m and proc.name in (l)
              output: 'x %container.info'
              priority: INFO
            """, """
            - list: l
              items: [b]
              append: true
            - macro: m
              condition: or evt.type = openat
              append: true
            - rule: r
              condition: and proc.name = x
              append: true
            - rule: r
              enabled: false
            """);
        Assert.Equal(
            [("f1.yaml", 8, 11, "rule 'r'"), ("f2.yaml", 3, 11, "list 'l'"), ("f2.yaml", 6, 11, "macro 'm'"), ("f2.yaml", 9, 11, "rule 'r'"), ("f2.yaml", 11, 12, "rule 'r'")],
            Warnings(result, RuleDiagnosticCode.LOAD_DEPRECATED_ITEM).Select(w => (w.Location.File, w.Location.Line, w.Location.Column, w.Item!)).Order());
    }

    [Fact]
    public void AppendingAnExceptionWithoutValuesWarns()
    {
        LoadResult result = Load("""
            - rule: r
              desc: d
              condition: evt.type = open
              output: o
              priority: INFO
              exceptions:
                - name: known
                  fields: proc.name
                  values: [a]
            """, """
            - rule: r
              exceptions:
                - name: known
                - name: added
                  fields: proc.name
                - name: with_values
                  fields: proc.pname
                  values: []
              override:
                exceptions: append
            """);
        var warnings = Warnings(result, RuleDiagnosticCode.LOAD_APPEND_NO_VALUES);
        Assert.Equal([("f2.yaml", 3, 7), ("f2.yaml", 4, 7)], warnings.Select(w => (w.Location.File, w.Location.Line, w.Location.Column)));
        Assert.Equal("Exception 'known' is appended without values, so it adds nothing", warnings[0].Message);
    }

    [Fact]
    public void DuplicateExceptionNamesWarn()
    {
        LoadResult result = Load("""
            - rule: r
              desc: d
              condition: evt.type = open
              output: o
              priority: INFO
              exceptions:
                - name: e1
                  fields: proc.name
                  values: [a]
                - name: e1
                  fields: proc.pname
                  values: [b]
            """);
        RuleDiagnostic warning = Assert.Single(Warnings(result, RuleDiagnosticCode.LOAD_EXCEPTION_NAME_NOT_UNIQUE));
        Assert.Equal((10, 13, "rule 'r'", "Multiple definitions of exception 'e1' in the same rule"), (warning.Location.Line, warning.Location.Column, warning.Item, warning.Message));
    }

    [Fact]
    public void InvalidMacroAndListNamesWarn()
    {
        LoadResult result = Load("""
            - macro: 1bad
              condition: evt.type = open
            - list: "bad name"
              items: [a]
            """);
        RuleDiagnostic macro = Assert.Single(Warnings(result, RuleDiagnosticCode.LOAD_INVALID_MACRO_NAME));
        RuleDiagnostic list = Assert.Single(Warnings(result, RuleDiagnosticCode.LOAD_INVALID_LIST_NAME));
        Assert.Equal((1, 10, "macro '1bad'"), (macro.Location.Line, macro.Location.Column, macro.Item));
        Assert.Equal((3, 9, "list 'bad name'"), (list.Location.Line, list.Location.Column, list.Item));
    }
}
