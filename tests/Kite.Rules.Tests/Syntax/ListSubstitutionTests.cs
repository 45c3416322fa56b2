using Kite.Rules.Syntax;

namespace Kite.Rules.Tests.Syntax;

public class ListSubstitutionTests
{
    private static string Apply(string text, params (string, string[])[] lists) =>
        ListSubstitution.Apply(text, lists.Select(l => (l.Item1, (IReadOnlyList<string>)l.Item2)).ToList()).Text;

    [Theory]
    [InlineData("proc.name in (shells)", "proc.name in ( bash, sh )")]
    [InlineData("proc.name in (a, shells)", "proc.name in (a, bash, sh )")]
    [InlineData("proc.name in (shellsx)", "proc.name in (shellsx)")]
    [InlineData("proc.name = shells", "proc.name = bash, sh ")]
    [InlineData("'shells'", "'shells'")]
    [InlineData("\"a shells b\"", "\"a bash, sh b\"")]
    public void ReplacesDelimitedNamesAnywhere(string text, string expected) =>
        Assert.Equal(expected, Apply(text, ("shells", ["bash", "sh"])));

    [Theory]
    [InlineData("proc.name in (a, empty)", "proc.name in (a )")]
    [InlineData("proc.name in (empty, a)", "proc.name in (  a)")]
    [InlineData("proc.name in (empty)", "proc.name in ( )")]
    public void RemovesOneCommaForEmptyLists(string text, string expected) =>
        Assert.Equal(expected, Apply(text, ("empty", [])));

    [Fact]
    public void QuotesItemsWithSpaces() =>
        Assert.Equal("x in ( \"sh -c\", '\"q x\"' )", Apply("x in (l)", ("l", ["sh -c", "'\"q x\"'"])));

    [Fact]
    public void LaterListsSubstituteInsideEarlierListsItems() =>
        Assert.Equal("x in ( y, z )", Apply("x in (a)", ("a", ["b"]), ("b", ["y", "z"])));

    [Fact]
    public void MapsOffsetsBackToTheOriginalText()
    {
        var result = ListSubstitution.Apply("proc.name in (shells) and bad", [("shells", (IReadOnlyList<string>)["bash", "sh"])]);
        int bad = result.Text.IndexOf("bad", StringComparison.Ordinal);
        Assert.Equal("proc.name in (shells) and bad".IndexOf("bad", StringComparison.Ordinal), result.MapToOriginal(bad));
    }
}
