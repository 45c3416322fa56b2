using System.Text;
using Kite.Agent.Containers;

namespace Kite.Agent.Tests.Containers;

public sealed class Utf8GlobTests
{
    [Theory]
    [InlineData("/proc*", "/proc", true)]
    [InlineData("/proc*", "/proc/sys/kernel", true)]
    [InlineData("/proc*", "/etc/proc", false)]
    [InlineData("/var/run/docker.sock", "/var/run/docker.sock", true)]
    [InlineData("/var/run/docker.sock", "/var/run/docker.sock2", false)]
    [InlineData("/root*", "/root", true)]
    [InlineData("/", "/", true)]
    [InlineData("/", "/etc", false)]
    [InlineData("/home/*/secret", "/home/admin/secret", true)]
    [InlineData("/dev/sd?", "/dev/sda", true)]
    [InlineData("/dev/sd?", "/dev/sda1", false)]
    [InlineData("/dev/sd[a-c]", "/dev/sdb", true)]
    [InlineData("/dev/sd[!a-c]", "/dev/sdb", false)]
    [InlineData("/dev/sd[!a-c]", "/dev/sdz", true)]
    [InlineData("*", "", true)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    [InlineData("[unclosed", "[unclosed", true)]
    public void GlobMatchesLikeTheShell(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, Utf8Glob.IsMatch(Encoding.UTF8.GetBytes(pattern), Encoding.UTF8.GetBytes(text)));
    }
}
