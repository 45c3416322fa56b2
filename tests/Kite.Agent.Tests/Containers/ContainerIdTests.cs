using Kite.Agent.Containers;

namespace Kite.Agent.Tests.Containers;

public sealed class ContainerIdTests
{
    private const string Id = "0123456789abcdeffedcba9876543210aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb";

    [Fact]
    public void ParsedIdRoundTripsToFullAndShortText()
    {
        Assert.True(ContainerId.TryParse(Id.AsSpan(), out ContainerId id));
        Assert.Equal(Id, id.ToFullString());
        Assert.Equal("0123456789ab", id.ToString());
        Span<byte> utf8 = stackalloc byte[64];
        id.WriteFull(utf8);
        Assert.Equal(Id, System.Text.Encoding.ASCII.GetString(utf8));
    }

    [Fact]
    public void EqualIdsAreEqualAndHashAlike()
    {
        Assert.True(ContainerId.TryParse(Id.AsSpan(), out ContainerId a));
        Assert.True(ContainerId.TryParse(System.Text.Encoding.ASCII.GetBytes(Id), out ContainerId b));
        Assert.True(ContainerId.TryParse(("f" + Id[1..]).AsSpan(), out ContainerId c));
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.True(a != c);
    }

    [Fact]
    public void DefaultIdIsTheHost()
    {
        Assert.True(default(ContainerId).IsHost);
        Assert.Equal("host", ContainerId.Host.ToString());
        Assert.Equal("host", ContainerId.Host.ToFullString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123456789ab")]
    [InlineData("0123456789ABCDEFFEDCBA9876543210AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBB")]
    [InlineData("0123456789abcdeffedcba9876543210aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbx")]
    [InlineData("é123456789abcdeffedcba9876543210aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb")]
    public void MalformedIdIsRejected(string text)
    {
        Assert.False(ContainerId.TryParse(text.AsSpan(), out _));
    }
}
