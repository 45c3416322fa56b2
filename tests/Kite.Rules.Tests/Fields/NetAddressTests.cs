using Kite.Rules.Fields;

namespace Kite.Rules.Tests.Fields;

public class NetAddressTests
{
    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("10.1", false)]
    [InlineData("1", false)]
    [InlineData("host.example", false)]
    [InlineData("10.0.0.256", false)]
    public void ParsesOnlyFullAddresses(string text, bool valid) =>
        Assert.Equal(valid, NetAddress.TryParse(text, out _));

    [Theory]
    [InlineData("10.0.0.0/8", "10.200.3.4", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("192.168.1.0/24", "192.168.1.255", true)]
    [InlineData("0.0.0.0/0", "8.8.8.8", true)]
    [InlineData("10.0.0.1", "10.0.0.1", true)]
    [InlineData("10.0.0.1", "10.0.0.2", false)]
    [InlineData("fe80::/10", "fe80::1234", true)]
    [InlineData("fe80::/10", "fec0::1", false)]
    [InlineData("2001:db8::/96", "2001:db8::1:2", true)]
    [InlineData("10.0.0.0/8", "::ffff:10.0.0.1", false)]
    public void TestsCidrMembership(string network, string address, bool expected)
    {
        Assert.True(NetPrefix.TryParse(network, out NetPrefix prefix));
        Assert.True(NetAddress.TryParse(address, out NetAddress a));
        Assert.Equal(expected, prefix.Contains(a));
    }

    [Fact]
    public void RoundTripsThroughText()
    {
        Assert.True(NetAddress.TryParse("172.17.0.2", out NetAddress a));
        Assert.Equal("172.17.0.2", a.ToString());
        Assert.Equal(NetAddress.FromIPv4(0xAC110002), a);
        Assert.Equal(NetAddress.FromIPv4([172, 17, 0, 2]), a);
    }
}
