using Kite.Rules.Syntax;

namespace Kite.Rules.Tests.Syntax;

public class ConditionParserTests
{
    [Theory]
    [InlineData("fd.num>=0")]
    [InlineData("evt.type in(open)")]
    [InlineData("proc.name=bash")]
    [InlineData("proc.aname[2]=sshd")]
    [InlineData("container.mount.dest[/var/run/docker.sock] exists")]
    [InlineData("jevt.value[/requestObject/spec] = x")]
    [InlineData("proc.pname in (runc:[0:PARENT], runc:[1:CHILD])")]
    [InlineData("ka.uri startswith /healthz?")]
    [InlineData("not(proc.name=a)")]
    [InlineData("a_macro and not another_macro")]
    [InlineData("proc.name = \"a\\\"b\"")]
    [InlineData("evt.rawres >= -1")]
    [InlineData("proc.name = val(proc.pname)")]
    [InlineData("tolower(proc.name) = bash")]
    [InlineData("proc.name startswith oneof (a, b)")]
    public void ParsesFalcoSyntax(string condition) => ConditionParser.Parse(condition);

    [Theory]
    [InlineData("", 0, "empty condition")]
    [InlineData("proc.name", 9, "missing operator after 'proc.name'")]
    [InlineData("proc.name = ", 12, "missing value at end of condition")]
    [InlineData("(proc.name = a", 14, "unexpected end of condition, expecting ')'")]
    [InlineData("proc.name in (a, b", 18, "unexpected end of condition, expecting ',' or ')' in a list")]
    [InlineData("proc.pid > abc", 11, "unexpected token 'abc', expecting a number")]
    [InlineData("proc.name = 'abc", 12, "unterminated quoted string")]
    [InlineData("proc.name = 'a\\qb'", 14, "invalid escape sequence '\\q' in quoted string")]
    [InlineData("proc.name = a )", 14, "unexpected token after 'a', expecting 'or', 'and'")]
    public void ReportsSyntaxErrorsWithOffsets(string condition, int offset, string message)
    {
        var e = Assert.Throws<ConditionSyntaxException>(() => ConditionParser.Parse(condition));
        Assert.Equal((offset, message), (e.Offset, e.Message));
    }

    [Fact]
    public void LimitsNestingDepth()
    {
        string deep = new string('(', 5000) + "proc.name = a" + new string(')', 5000);
        var e = Assert.Throws<ConditionSyntaxException>(() => ConditionParser.Parse(deep));
        Assert.Contains("max depth", e.Message);
    }

    [Fact]
    public void UnescapesQuotedStrings()
    {
        var check = Assert.IsType<CheckExpr>(ConditionParser.Parse("proc.name = \"a\\tb\\x41\\\\\""));
        Assert.Equal("a\tbA\\", Assert.IsType<ValueOperand>(check.Right).Value);
    }
}
