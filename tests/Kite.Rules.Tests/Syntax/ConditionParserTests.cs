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
    [InlineData("join(\",\", (proc.name, proc.pname)) = x")]
    [InlineData("join(\",\", ka.images) = x")]
    [InlineData("concat(proc.name, \"-\", 1, 0x1f) = x")]
    [InlineData("getopt(proc.args, \"ab:\")[b] = x")]
    [InlineData("getopt(proc.args, 'ab:')[\"b\"] exists")]
    [InlineData("proc.name in getopt(proc.args, \"a\")")]
    [InlineData("len(getopt(proc.args, \"a\")) > len(proc.name)")]
    [InlineData("tolower(concat(basename(fd.name), proc.name)) = x")]
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

    [Fact]
    public void ParsesMultiArgumentTransformersIntoATree()
    {
        var check = Assert.IsType<CheckExpr>(ConditionParser.Parse("join(\",\", (proc.name, getopt(proc.args, \"ab:\")[b])) = x"));
        var join = Assert.IsType<TransformerOperand>(check.Left);
        Assert.Equal("join", join.Name);
        Assert.Equal(",", Assert.IsType<ValueOperand>(join.Arguments[0]).Value);
        var list = Assert.IsType<TransformerOperand>(join.Arguments[1]);
        Assert.Equal("(list)", list.Name);
        Assert.Equal("proc.name", Assert.IsType<FieldOperand>(list.Arguments[0]).Token);
        var getopt = Assert.IsType<TransformerOperand>(list.Arguments[1]);
        Assert.Equal(("getopt", "b", 22), (getopt.Name, getopt.BracketArgument, getopt.Start));
    }

    [Theory]
    // only getopt takes a `[c]` in outputs: after another transformer the `[` is literal text
    [InlineData("x %getopt(proc.args, \"o:\")[o]!", 3, 29, "o")]
    [InlineData("x %concat(proc.name, \"a\")[y]", 3, 25, null)]
    [InlineData("%tolower(proc.name)[y]", 1, 19, null)]
    public void ParsesAnOutputTransformerUpToItsEnd(string text, int start, int end, string? bracket)
    {
        TransformerOperand transformer = ConditionParser.ParseOutputTransformer(text, start, out int parsedEnd);
        Assert.Equal((end, bracket), (parsedEnd, transformer.BracketArgument));
    }
}
