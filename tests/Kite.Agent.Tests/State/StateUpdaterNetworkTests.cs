using System.Net;
using Kite.Agent.Events;
using Kite.Agent.State;

namespace Kite.Agent.Tests.State;

public sealed class StateUpdaterNetworkTests
{
    private readonly StateFixture _state = new();

    [Fact]
    public void ConnectMakesTheLocalEndTheClientAndNamesTheTuple()
    {
        _state.Apply(_state.Event(EventType.Socket).Set("fd", 3).Set("domain", 2).Set("type", 1).Set("proto", 0));
        _state.Apply(_state.Event(EventType.Connect).Set("res", 0).Set("fd", 3)
            .SetTuple("tuple", IPEndPoint.Parse("127.0.0.1:40000"), IPEndPoint.Parse("127.0.0.1:8080")));

        var fd = _state.FdOf(3)!;
        Assert.Equal(FdType.Ipv4, fd.Type);
        Assert.Equal(L4Protocol.Tcp, fd.L4Protocol);
        Assert.False(fd.IsServer);
        Assert.True(fd.Connected);
        Assert.Equal("127.0.0.1:40000->127.0.0.1:8080", StateFixture.Text(fd.Name));
    }

    [Fact]
    public void AcceptMakesTheLocalEndTheServer()
    {
        _state.Apply(_state.Event(EventType.Accept4).Set("fd", 5)
            .SetTuple("tuple", IPEndPoint.Parse("10.0.0.1:443"), IPEndPoint.Parse("10.0.0.9:51000")).Set("flags", 0));

        var fd = _state.FdOf(5)!;
        Assert.True(fd.IsServer);
        Assert.Equal("10.0.0.9:51000->10.0.0.1:443", StateFixture.Text(fd.Name));
    }

    [Fact]
    public void Ipv6TupleIsNamedInRfc5952Form()
    {
        _state.Apply(_state.Event(EventType.Connect).Set("res", -115).Set("fd", 4)
            .SetTuple("tuple", IPEndPoint.Parse("[::1]:40000"), IPEndPoint.Parse("[2001:db8::5]:443")));

        var fd = _state.FdOf(4)!;
        Assert.Equal(FdType.Ipv6, fd.Type);
        Assert.Equal("::1:40000->2001:db8::5:443", StateFixture.Text(fd.Name));
    }

    [Fact]
    public void DatagramToANewPeerChangesTheName()
    {
        _state.Apply(_state.Event(EventType.Socket).Set("fd", 3).Set("domain", 2).Set("type", 2).Set("proto", 0));
        _state.Apply(_state.Event(EventType.Sendto).Set("res", 10).Set("fd", 3).Set("size", 10)
            .SetTuple("tuple", IPEndPoint.Parse("10.0.0.1:5000"), IPEndPoint.Parse("10.0.0.53:53")));
        Assert.True(_state.Updater.NameChanged);

        _state.Apply(_state.Event(EventType.Sendto).Set("res", 10).Set("fd", 3).Set("size", 10)
            .SetTuple("tuple", IPEndPoint.Parse("10.0.0.1:5000"), IPEndPoint.Parse("10.0.0.53:53")));
        Assert.False(_state.Updater.NameChanged);
        Assert.Equal(L4Protocol.Udp, _state.FdOf(3)!.L4Protocol);
    }

    [Fact]
    public void SendmmsgOnAnUnconnectedSocketNamesThePeerOfItsFirstMessage()
    {
        _state.Apply(_state.Event(EventType.Socket).Set("fd", 3).Set("domain", 2).Set("type", 2).Set("proto", 0));
        _state.Apply(_state.Event(EventType.Sendmmsg).Set("res", 2).Set("fd", 3).Set("size", 12)
            .SetTuple("tuple", IPEndPoint.Parse("10.0.0.1:5000"), IPEndPoint.Parse("10.0.0.53:53")));

        var fd = _state.FdOf(3)!;
        Assert.True(_state.Updater.NameChanged);
        Assert.Same(fd, _state.Updater.Fd);
        Assert.False(fd.IsServer);
        Assert.Equal(L4Protocol.Udp, fd.L4Protocol);
        Assert.Equal("10.0.0.1:5000->10.0.0.53:53", StateFixture.Text(fd.Name));
    }

    [Fact]
    public void RecvmmsgOnAnUnconnectedSocketMakesThisEndTheServerOfTheSender()
    {
        _state.Apply(_state.Event(EventType.Socket).Set("fd", 4).Set("domain", 2).Set("type", 2).Set("proto", 0));
        _state.Apply(_state.Event(EventType.Recvmmsg).Set("res", 1).Set("fd", 4).Set("size", 5)
            .SetTuple("tuple", IPEndPoint.Parse("10.0.0.1:53"), IPEndPoint.Parse("10.0.0.9:41000")));

        var fd = _state.FdOf(4)!;
        Assert.True(fd.IsServer);
        Assert.Equal("10.0.0.9:41000->10.0.0.1:53", StateFixture.Text(fd.Name));
    }

    [Fact]
    public void BindAndListenMakeAServerSocket()
    {
        _state.Apply(_state.Event(EventType.Socket).Set("fd", 3).Set("domain", 2).Set("type", 1).Set("proto", 0));
        _state.Apply(_state.Event(EventType.Bind).Set("res", 0).Set("fd", 3).SetAddress("addr", IPEndPoint.Parse("0.0.0.0:8080")));
        _state.Apply(_state.Event(EventType.Listen).Set("res", 0).Set("fd", 3).Set("backlog", 10));

        var fd = _state.FdOf(3)!;
        Assert.True(fd.IsServer);
        Assert.Equal(8080, fd.LocalPort);
    }

    [Fact]
    public void MalformedTupleIsCountedNotThrown()
    {
        _state.Apply(_state.Event(EventType.Connect).Set("res", 0).Set("fd", 3).SetBytes("tuple", [2, 1, 2]));
        Assert.Equal(1UL, _state.Threads.Stats.BadParams);
    }
}
