namespace Kite.Rules.Tests;

public sealed class PriorityTests
{
    [Theory]
    [InlineData("WARNING", Priority.Warning)]
    [InlineData("warning", Priority.Warning)]
    [InlineData("INFO", Priority.Informational)]
    [InlineData("Informational", Priority.Informational)]
    [InlineData("CRITICAL", Priority.Critical)]
    [InlineData("debug", Priority.Debug)]
    public void PriorityParsesFalcoSpellings(string text, Priority expected)
    {
        Assert.True(PriorityNames.TryParse(text, out var p));
        Assert.Equal(expected, p);
    }

    [Fact]
    public void UnknownPriorityIsRejected()
    {
        Assert.False(PriorityNames.TryParse("severe", out _));
    }
}
