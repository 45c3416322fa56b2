using Kite.Rules.Evaluation;
using Kite.Rules.Fields.Synthetic;
using Kite.Rules.Loading;
using static Kite.Rules.Tests.RuleTestHelpers;

namespace Kite.Rules.Tests.Evaluation;

/// <summary>getopt(3) semantics of `getopt(args, optstring)`, read through the rendered value (`&lt;NA&gt;` = missing).</summary>
public class GetoptTests
{
    private static string Render(string placeholder, string args)
    {
        LoadResult result = Load($"- rule: r\n  desc: d\n  condition: evt.type = open\n  output: '{placeholder.Replace("'", "''")}'\n  priority: INFO\n");
        Assert.False(result.HasErrors, string.Join("\n", result.Errors));
        RuleSet<SyntheticFieldSource> set = result.Compile<SyntheticFieldSource>("syscall", options: new RuleSetOptions { SuggestedOutput = false });
        var source = new SyntheticFieldSource(Event().Set("proc.args", args));
        return set.Rules[0].Output.Format(ref source).Message;
    }

    [Theory]
    // option without argument: its own character
    [InlineData("ab:", 'a', "-a", "a")]
    // separate, attached and clustered arguments
    [InlineData("ab:", 'b', "-a -b val", "val")]
    [InlineData("ab:", 'b', "-bval", "val")]
    [InlineData("ab:", 'b', "-abval", "val")]
    [InlineData("ab:", 'b', "-ab val", "val")]
    // the word after an option that takes an argument is that argument, even if it looks like an option
    [InlineData("ab:", 'b', "-b -a", "-a")]
    [InlineData("ab:", 'a', "-b -a", "<NA>")]
    // missing argument: empty value
    [InlineData("ab:", 'b', "-a -b", "")]
    // the last occurrence wins
    [InlineData("b:", 'b', "-b one -b two", "two")]
    // scanning stops at the first non-option, at `--` and at a lone `-`
    [InlineData("a", 'a', "file -a", "<NA>")]
    [InlineData("a", 'a', "-- -a", "<NA>")]
    [InlineData("a", 'a', "- -a", "<NA>")]
    [InlineData("ab:", 'b', "-a -- -b x", "<NA>")]
    // long options are skipped, unknown options ignored
    [InlineData("a", 'a', "--verbose --level=3 -a", "a")]
    [InlineData("a", 'a', "-x -a", "a")]
    // an option not on the command line is missing
    [InlineData("ab:", 'b', "-a", "<NA>")]
    [InlineData("ab:", 'b', "", "<NA>")]
    // optional argument (GNU `::`): attached only
    [InlineData("c::", 'c', "-cval", "val")]
    [InlineData("c::", 'c', "-c val", "")]
    // leading `+`/`:` flags are accepted
    [InlineData("+:ab:", 'b', "-b x", "x")]
    // blanks separate words however many there are
    [InlineData("ab:", 'b', "  -a\t-b   x  ", "x")]
    public void SelectorReturnsTheOptionValue(string optString, char option, string args, string expected) =>
        Assert.Equal($"[{expected}]", Render($"[%getopt(proc.args, \"{optString}\")[{option}]]", args));

    [Theory]
    [InlineData("ab:", "-a -b val file", "(a,b,val)")]
    [InlineData("ab:", "-abval", "(a,b,val)")]
    [InlineData("ab:", "-xa", "(?,a)")]
    [InlineData("ab:", "-a -b", "(a,?)")]
    [InlineData(":ab:", "-a -b", "(a,:)")]
    [InlineData("c::", "-c val", "(c)")]
    [InlineData("c::", "-cval", "(c,val)")]
    [InlineData("a", "-a -a", "(a,a)")]
    [InlineData("a", "file -a", "()")]
    [InlineData("a", "", "()")]
    public void WithoutSelectorListsWhatGetoptReturns(string optString, string args, string expected) =>
        Assert.Equal(expected, Render($"%getopt(proc.args, \"{optString}\")", args));

    [Fact]
    public void LongCommandLinesAreCutAtTheBoundNotDropped()
    {
        // 2,000 options: the scan keeps the first 1,024 words (ValueLimits.MaxListItems).
        string args = string.Join(' ', Enumerable.Repeat("-a", 2000));
        Assert.Equal(1024, Render("%getopt(proc.args, \"a\")", args).Count(c => c == 'a'));
        Assert.Equal("[a]", Render("[%getopt(proc.args, \"a\")[a]]", args));
    }
}
