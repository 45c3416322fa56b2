using Kite.Rules.Fields.Synthetic;
using static Kite.Rules.Tests.RuleTestHelpers;

namespace Kite.Rules.Tests.Evaluation;

/// <summary>`concat`, `join` and `getopt` in conditions: left and right of the operators, nested with the other transformers.</summary>
public class MultiArgumentTransformerTests
{
    private static SyntheticEvent Bash() => Event().Set("proc.name", "bash").Set("proc.pname", "sshd");

    [Theory]
    [InlineData("concat(proc.name, \"-\", proc.pname) = bash-sshd", true)]
    [InlineData("concat(proc.name, \"-\", proc.pname) = bash-ssh", false)]
    [InlineData("concat(proc.name, \"-\", proc.pname) != bash-ssh", true)]
    [InlineData("concat(proc.name, 1, 0x2) = bash10x2", true)]
    [InlineData("concat(proc.name, proc.pname) startswith bashs", true)]
    [InlineData("concat(proc.name, proc.pname) endswith hssh", false)]
    [InlineData("concat(proc.name, proc.pname) contains hss", true)]
    [InlineData("concat(proc.name, proc.pname) icontains HSS", true)]
    [InlineData("concat(proc.name, proc.pname) glob 'b*d'", true)]
    [InlineData("concat(proc.name, proc.pname) in (x, bashsshd)", true)]
    [InlineData("concat(proc.name, proc.pname) in (x, y)", false)]
    [InlineData("concat(proc.name, proc.pname) > val(proc.name)", true)]
    [InlineData("concat(proc.name, proc.pname) <= val(proc.name)", false)]
    [InlineData("concat(proc.name, proc.pname) startswith anyof (x, bash)", true)]
    [InlineData("concat(proc.name, proc.pname) regex 'bash.*'", true)]
    [InlineData("concat(proc.name, proc.pname) exists", true)]
    [InlineData("tolower(concat(proc.name, \"X\")) = bashx", true)]
    [InlineData("toupper(concat(proc.name, \"x\")) = BASHX", true)]
    [InlineData("concat(toupper(proc.name), proc.pname) = BASHsshd", true)]
    [InlineData("basename(concat(\"/usr/bin/\", proc.name)) = bash", true)]
    [InlineData("b64(concat(\"aGVs\", \"bG8\")) = hello", true)]
    [InlineData("len(concat(proc.name, proc.pname)) = 8", true)]
    [InlineData("len(concat(proc.name, proc.pname)) >= 9", false)]
    [InlineData("len(concat(proc.name, proc.pname)) in (1, 8)", true)]
    [InlineData("proc.name = concat(\"ba\", \"sh\")", true)]
    [InlineData("proc.name != concat(\"ba\", \"sh\")", false)]
    [InlineData("proc.pname startswith concat(\"s\", \"s\")", true)]
    [InlineData("concat(proc.pname, \"\") = val(proc.pname)", true)]
    [InlineData("concat(proc.name, proc.pname) contains val(proc.pname)", true)]
    [InlineData("concat(proc.name, \"\") = concat(\"\", proc.name)", true)]
    [InlineData("len(concat(proc.name, \"\")) = len(proc.name)", true)]
    [InlineData("len(concat(proc.name, \"\")) < len(proc.pname)", false)]
    public void ConcatJoinsItsArguments(string condition, bool expected) =>
        Assert.Equal(expected, Evaluate(condition, Bash()));

    [Theory]
    [InlineData("concat(proc.name, proc.pname) exists")]
    [InlineData("concat(proc.name, proc.pname) != x")]
    [InlineData("join(\",\", (proc.name, proc.pname)) != x")]
    [InlineData("proc.name = concat(proc.pname, \"\")")]
    [InlineData("len(concat(proc.name, proc.pname)) >= 0")]
    public void AComputedValueIsMissingWhenAnArgumentIsMissing(string condition)
    {
        Assert.False(Evaluate(condition, Event().Set("proc.name", "bash")));
        Assert.True(Evaluate($"not ({condition})", Event().Set("proc.name", "bash")));
    }

    [Theory]
    [InlineData("join(\",\", (proc.name, proc.pname)) = \"bash,sshd\"", true)]
    [InlineData("join(\", \", (proc.name, \"x\", proc.pname)) = \"bash, x, sshd\"", true)]
    [InlineData("join(\"\", (proc.name)) = bash", true)]
    [InlineData("join(\"-\", ka.images) = nginx-redis", true)]
    [InlineData("join(\"-\", (proc.name, ka.images)) = bash-nginx-redis", true)]
    [InlineData("join(proc.name, ka.images) = nginxbashredis", true)]
    [InlineData("join(\",\", getopt(proc.args, \"ab:\")) = \"a,b,x\"", true)]
    [InlineData("toupper(join(\"+\", ka.images)) = NGINX+REDIS", true)]
    [InlineData("len(ka.images) = 2", true)]
    [InlineData("len(ka.images) > 2", false)]
    [InlineData("len(join(\"\", ka.images)) = 10", true)]
    public void JoinSeparatesTheValuesOfAList(string condition, bool expected)
    {
        var ev = Bash().SetValues("ka.images", "nginx", "redis").Set("proc.args", "-a -b x file");
        Assert.Equal(expected, Evaluate(condition, ev));
    }

    [Fact]
    public void JoinOfAListFieldWithoutValuesIsMissing()
    {
        Assert.False(Evaluate("join(\",\", ka.images) exists", Bash()));
        Assert.False(Evaluate("len(ka.images) = 0", Bash()));
    }

    [Theory]
    [InlineData("getopt(proc.args, \"ab:c\")[b] = /tmp/x", true)]
    [InlineData("getopt(proc.args, \"ab:c\")[a] = a", true)]
    [InlineData("getopt(proc.args, \"ab:c\")[c] exists", false)]
    [InlineData("getopt(proc.args, \"ab:c\") intersects (c, a)", true)]
    [InlineData("getopt(proc.args, \"ab:c\") intersects (c)", false)]
    [InlineData("getopt(proc.args, \"ab:c\") in (a, b, /tmp/x)", true)]
    [InlineData("getopt(proc.args, \"ab:c\") in (a, b)", false)]
    [InlineData("getopt(proc.args, \"ab:c\") exists", true)]
    [InlineData("len(getopt(proc.args, \"ab:c\")) = 3", true)]
    [InlineData("getopt(proc.args, \"ab:c\")[b] startswith /tmp", true)]
    [InlineData("basename(getopt(proc.args, \"ab:c\")[b]) = x", true)]
    [InlineData("toupper(getopt(proc.args, \"ab:c\")[b]) = /TMP/X", true)]
    [InlineData("proc.pname in getopt(proc.args, \"ab:c\")", false)]
    [InlineData("proc.name in getopt(proc.args, \"ab:c\")", false)]
    public void GetoptParsesTheCommandLine(string condition, bool expected) =>
        Assert.Equal(expected, Evaluate(condition, Bash().Set("proc.args", "-ab /tmp/x file -c")));

    [Fact]
    public void GetoptTakesTheWordsOfAListWithoutSplittingThem()
    {
        var ev = Event().SetValues("ka.images", "-b", "two words", "-a");
        Assert.True(Evaluate("getopt(ka.images, \"ab:\")[b] = \"two words\"", ev));
        Assert.True(Evaluate("getopt(ka.images, \"ab:\")[a] = a", ev));
    }

    [Fact]
    public void GetoptReadsItsOptstringFromAFieldPerEvent()
    {
        // proc.pname "sshd" is the optstring: options s, h and d.
        var ev = Bash().Set("proc.args", "-hs -a");
        Assert.True(Evaluate("getopt(proc.args, proc.pname)[s] = s", ev));
        Assert.True(Evaluate("getopt(proc.args, proc.pname) in (h, s, \"?\")", ev));
        Assert.False(Evaluate("getopt(proc.args, proc.pname)[a] exists", ev));
        Assert.False(Evaluate("getopt(proc.args, proc.pname)[s] exists", Event().Set("proc.args", "-s")));
    }

    [Fact]
    public void ComputedListsCompareAsSets()
    {
        var ev = Bash().Set("proc.args", "-a -b sshd").SetValues("ka.images", "a", "b", "sshd");
        Assert.True(Evaluate("proc.pname in getopt(proc.args, \"ab:\")", ev));
        Assert.True(Evaluate("getopt(proc.args, \"ab:\") in val(ka.images)", ev));
        Assert.True(Evaluate("getopt(proc.args, \"ab:\") intersects getopt(proc.args, \"a\")", ev));
        Assert.False(Evaluate("getopt(proc.args, \"ab:\") in getopt(proc.args, \"a\")", ev));
        Assert.True(Evaluate("getopt(proc.args, \"ab:\")[b] in getopt(proc.args, \"ab:\")", ev));
    }
}
