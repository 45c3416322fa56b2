using System.Text;
using Kite.Agent.State;

namespace Kite.Agent.Tests.State;

public sealed class ContainerIdParserTests
{
    private const string Id = "3f2a9c0b1d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcd";

    [Theory]
    [InlineData("0::/system.slice/docker-" + Id + ".scope", "3f2a9c0b1d4e")]
    [InlineData("cpu=/kubepods/besteffort/pod1234/" + Id, "3f2a9c0b1d4e")]
    [InlineData("unified=/kubepods.slice/kubepods-pod.slice/cri-containerd-" + Id + ".scope", "3f2a9c0b1d4e")]
    [InlineData("=/machine.slice/libpod-" + Id + ".scope/container", "3f2a9c0b1d4e")]
    [InlineData("unified=/user.slice/user-1000.slice/session-2.scope", "host")]
    [InlineData("", "host")]
    public void ContainerIdIsTheShortIdOfTheCgroupPathOrHost(string cgroups, string expected)
    {
        var process = new ThreadInfo();
        process.Cgroups.Set(Encoding.UTF8.GetBytes(cgroups));
        ContainerIdParser.Apply(process, new Kite.Agent.Containers.ContainerCache());
        Assert.Equal(expected, process.ContainerId.ToString());
        Assert.Equal(expected, Encoding.UTF8.GetString(process.Container.ShortIdUtf8));
    }
}
