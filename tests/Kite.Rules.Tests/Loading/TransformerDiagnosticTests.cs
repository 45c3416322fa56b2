using Kite.Rules.Loading;
using static Kite.Rules.Tests.RuleTestHelpers;

namespace Kite.Rules.Tests.Loading;

/// <summary>Load-time checks of `join`, `concat` and `getopt`: argument counts and types, with the position of the offending argument.</summary>
public class TransformerDiagnosticTests
{
    // The condition is the value of line 5; its first character is column 15.
    private const string Rule = "- rule: r\n  desc: d\n  output: o\n  priority: INFO\n  condition: '";

    [Theory]
    [InlineData("concat(proc.name) = x", 15, "concat() takes at least 2 arguments, got 1")]
    [InlineData("concat(proc.name, proc.pid) = x", 33, "concat() argument 2 must be a single string, 'proc.pid' is int64")]
    [InlineData("concat(proc.name, \"a\")[x] = y", 15, "transformer 'concat' does not take an argument")]
    [InlineData("concat(proc.name, proc.nope) = x", 33, "unknown field 'proc.nope' for source syscall (did you mean 'proc.name'?)")]
    [InlineData("concat(proc.aname, \"x\") = y", 22, "field 'proc.aname' does not accept transformers")]
    [InlineData("concat(evt.is_open_read, \"x\") = y", 22, "field 'evt.is_open_read' of type bool cannot be used with transformers")]
    [InlineData("concat(val(proc.name), \"x\") = y", 22, "val() can only be used on the right-hand side of a comparison")]
    [InlineData("join(\",\") = x", 15, "join() takes 2 arguments, a separator and a list, got 1")]
    [InlineData("join(\",\", proc.name) = x", 25, "join() second argument must be a list (a list field, getopt() or '(a, b, ...)'), 'proc.name' is string")]
    [InlineData("join(ka.images, (proc.name)) = x", 20, "join() separator must be a single string, 'ka.images' is string (list)")]
    [InlineData("join(\",\", (proc.name, proc.pid)) = x", 37, "join() items must be strings, 'proc.pid' is int64")]
    [InlineData("getopt(proc.args) = x", 15, "getopt() takes 2 arguments, the command-line arguments and an optstring, got 1")]
    [InlineData("getopt(proc.args, \"ab\")[ab] = x", 15, "getopt() option selector must be one option character, got '[ab]'")]
    [InlineData("getopt(proc.pid, \"a\")[a] = x", 22, "getopt() arguments must be a string or a list of strings, 'proc.pid' is int64")]
    [InlineData("getopt(proc.args, ka.images)[a] = x", 33, "getopt() optstring must be a single string, 'ka.images' is string (list)")]
    [InlineData("getopt(proc.args, \"a\") = x", 38, "operator '=' not supported for 'getopt(proc.args, \"a\")' of type string (list)")]
    [InlineData("getopt(proc.args, \"a\") contains x", 38, "operator 'contains' not supported for 'getopt(proc.args, \"a\")' of type string (list)")]
    [InlineData("tolower(getopt(proc.args, \"a\")) = x", 23, "transformer 'tolower' cannot be applied to multi-valued 'getopt(proc.args, \"a\")'")]
    [InlineData("tolower(\"A\", concat(proc.name, \"b\")) = x", 15, "transformer 'tolower' takes exactly one argument, a field or a transformer")]
    [InlineData("len(concat(proc.name, \"a\")) = abc", 45, "'abc' is not a valid number for 'len(concat(proc.name, \"a\"))' of type uint64")]
    [InlineData("len(getopt(proc.args, \"a\")) contains 1", 43, "operator 'contains' not supported for 'len(getopt(proc.args, \"a\"))' of type uint64")]
    [InlineData("concat(proc.name, \"x\") bcontains 61", 38, "operator 'bcontains' not supported for 'concat(proc.name, \"x\")' of type string")]
    [InlineData("concat(proc.name, \"a\") > len(proc.name)", 40, "cannot compare 'concat(proc.name, \"a\")' of type string with 'len(proc.name)' of type uint64")]
    [InlineData("proc.name pmatch concat(proc.name, \"a\")", 32, "operator 'pmatch' cannot compare with another field")]
    [InlineData("proc.name = getopt(proc.args, \"a\")", 27, "operator '=' needs a single value on the right, 'getopt(proc.args, \"a\")' is a list (use 'in' or 'intersects')")]
    [InlineData("proc.name = val(ka.images)", 27, "operator '=' needs a single value on the right, 'ka.images' is a list (use 'in' or 'intersects')")]
    [InlineData("proc.pid in val(ka.images)", 27, "cannot compare field 'proc.pid' of type int64 with 'ka.images' of type string (list)")]
    [InlineData("proc.aname = concat(proc.name, \"x\")", 15, "field 'proc.aname' has several candidate values and cannot be used with transformers")]
    [InlineData("fd.sip = concat(proc.name, \"x\")", 15, "field 'fd.sip' of type ipaddr cannot be used with transformers")]
    public void ReportsWrongArgumentsWithPositionAndReason(string condition, int column, string message)
    {
        RuleDiagnostic error = SingleError(Load(Rule + condition.Replace("'", "''") + "'\n"));
        Assert.Equal(RuleDiagnosticCode.LOAD_ERR_COMPILE_CONDITION, error.Code);
        Assert.Equal(("f1.yaml", 5, column, "rule 'r'", message), (error.Location.File, error.Location.Line, error.Location.Column, error.Item, error.Message));
    }

    [Fact]
    public void AnErrorInAMacroNamesTheMacroAndTheRuleThatUsesIt()
    {
        LoadResult result = Load("""
            - macro: m
              condition: concat(proc.name) = x
            - rule: r
              desc: d
              condition: evt.type = open and m
              output: o
              priority: INFO
            """);
        RuleDiagnostic error = SingleError(result);
        Assert.Equal(("macro 'm'", 2, 14), (error.Item, error.Location.Line, error.Location.Column));
        Assert.Equal("concat() takes at least 2 arguments, got 1 (used by rule 'r')", error.Message);
    }
}
