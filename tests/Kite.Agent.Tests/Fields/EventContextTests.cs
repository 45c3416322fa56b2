using System.Net;
using Kite.Agent.Events;
using Kite.Agent.Fields;
using Kite.Agent.State;
using Kite.Agent.Tests.State;
using Kite.Rules.Fields;

namespace Kite.Agent.Tests.Fields;

public sealed class EventContextTests
{
    private const long AtFdCwd = -100;

    private readonly EventContextFixture _f = new();

    private void OpenShadow(long fd = 3, long flags = 0x80000) =>
        _f.Apply(_f.Event(EventType.Openat).Set("fd", fd).Set("dirfd", AtFdCwd).Set("name", "/etc/shadow").Set("flags", flags).Set("mode", 0L));

    [Theory]
    [InlineData("evt.type", "openat")]
    [InlineData("evt.dir", "<")]
    [InlineData("evt.source", "syscall")]
    [InlineData("evt.res", "SUCCESS")]
    [InlineData("evt.rawres", "3")]
    [InlineData("evt.failed", "false")]
    [InlineData("evt.arg.name", "/etc/shadow")]
    [InlineData("evt.arg[2]", "/etc/shadow")]
    [InlineData("evt.arg.flags", "O_RDONLY|O_CLOEXEC")]
    [InlineData("evt.arg.fd", "3(<f>/etc/shadow)")]
    [InlineData("evt.arg.dirfd", "-100")]
    [InlineData("evt.rawarg.flags", "524288")]
    [InlineData("evt.is_open_read", "true")]
    [InlineData("evt.is_open_write", "false")]
    [InlineData("evt.is_open_exec", "false")]
    [InlineData("evt.num", "1")]
    [InlineData("evt.latency", "0")]
    [InlineData("evt.latency.s", "0")]
    [InlineData("evt.latency.ns", "0")]
    [InlineData("evt.latency.human", "0ns")]
    [InlineData("evt.wait_latency", "0")]
    public void EventFieldsOfASuccessfulOpen(string field, string expected)
    {
        OpenShadow();
        Assert.Equal(expected, _f.Field(field));
    }

    [Fact]
    public void EvtArgsListsEveryParameterRendered()
    {
        OpenShadow();
        Assert.Equal("fd=3(<f>/etc/shadow) dirfd=-100 name=/etc/shadow flags=O_RDONLY|O_CLOEXEC mode=0 dev= ino=", _f.Field("evt.args").Replace("mode= ", "mode=0 "));
    }

    [Theory]
    [InlineData("fd.num", "-1")]
    [InlineData("fd.name", "/home/user/secret.txt")]
    [InlineData("fd.directory", "/home/user")]
    [InlineData("fd.filename", "secret.txt")]
    [InlineData("fd.nameraw", "secret.txt")]
    [InlineData("fd.typechar", "f")]
    [InlineData("evt.res", "ENOENT")]
    [InlineData("evt.rawres", "-2")]
    [InlineData("evt.failed", "true")]
    public void FailedOpenTakesItsFdFieldsFromTheEventParameters(string field, string expected)
    {
        _f.Apply(_f.Event(EventType.Openat).Set("fd", -2).Set("dirfd", AtFdCwd).Set("name", "secret.txt").Set("flags", 0L));
        Assert.Equal(expected, _f.Field(field));
    }

    [Theory]
    [InlineData("fd.num", "3")]
    [InlineData("fd.type", "file")]
    [InlineData("fd.typechar", "f")]
    [InlineData("fd.name", "/etc/shadow")]
    [InlineData("fd.directory", "/etc")]
    [InlineData("fd.filename", "shadow")]
    [InlineData("fd.sockfamily", "<NA>")]
    [InlineData("fd.cip", "<NA>")]
    public void FileFdFields(string field, string expected)
    {
        OpenShadow();
        Assert.Equal(expected, _f.Field(field));
    }

    [Fact]
    public void WriteOpenWithCreateAndExecModeIsOpenExec()
    {
        _f.Apply(_f.Event(EventType.Openat).Set("fd", 4).Set("dirfd", AtFdCwd).Set("name", "/tmp/x").Set("flags", 0x41L).Set("mode", 0x1edL));
        Assert.Equal("true", _f.Field("evt.is_open_write"));
        Assert.Equal("false", _f.Field("evt.is_open_read"));
        Assert.Equal("true", _f.Field("evt.is_open_exec"));
    }

    [Theory]
    [InlineData("proc.name", "app")]
    [InlineData("proc.pid", "5000000")]
    [InlineData("proc.ppid", "4999999")]
    [InlineData("proc.exe", "/usr/bin/app")]
    [InlineData("proc.exepath", "/usr/bin/app")]
    [InlineData("proc.cwd", "/home/user")]
    [InlineData("proc.pname", "bash")]
    [InlineData("proc.pexe", "/bin/bash")]
    [InlineData("proc.aname[0]", "app")]
    [InlineData("proc.aname[1]", "bash")]
    [InlineData("proc.aname[2]", "<NA>")]
    [InlineData("proc.apid[1]", "4999999")]
    [InlineData("thread.tid", "5000000")]
    [InlineData("container.id", "host")]
    [InlineData("container.image.repository", "<NA>")]
    [InlineData("user.uid", "0")]
    public void ProcessFieldsComeFromTheThreadTable(string field, string expected)
    {
        OpenShadow();
        Assert.Equal(expected, _f.Field(field));
    }

    [Fact]
    public void AncestorEnvironmentIsReadByDepthOrFromAnyAncestor()
    {
        _f.State.Threads.FindProcess(StateFixture.ParentPid)!.Env.Set("SHELL=/bin/bash\0TERM=xterm\0"u8);
        _f.Apply(_f.Event(EventType.Execve).Set("res", 0).Set("exe", "/bin/true").Set("args", "a")
            .Set("comm", "true").Set("env", "HOME=/root", "LANG=C").Set("cwd", "/").Set("flags", 0L));

        Assert.Equal("HOME=/root LANG=C", _f.Field("proc.aenv[0]"));
        Assert.Equal("SHELL=/bin/bash TERM=xterm", _f.Field("proc.aenv[1]"));
        Assert.Equal("<NA>", _f.Field("proc.aenv[2]"));
        var context = _f.Context();
        long cursor = 0;
        var values = new List<string>();
        while (context.TryGetNextString(new FieldId((int)SyscallField.ProcAenv), FieldArgument.None, ref cursor, out ReadOnlySpan<byte> v))
            values.Add(System.Text.Encoding.UTF8.GetString(v));
        Assert.Equal(["SHELL=/bin/bash TERM=xterm"], values); // without an index: every ancestor from the parent up
    }

    [Fact]
    public void ExecFieldsRenderArgsCmdlineEnvAndCapabilities()
    {
        _f.Apply(_f.Event(EventType.Execve).Set("res", 0).Set("exe", "/bin/true").Set("args", "a", "b c")
            .Set("comm", "true").Set("trusted_exepath", "/usr/bin/true").Set("env", "HOME=/root", "LANG=C")
            .Set("cwd", "/home/user").Set("cap_permitted", 0x3L).Set("cap_effective", 0x1L).Set("cap_inheritable", 0L)
            .Set("flags", 0x5L).Set("loginuid", 1000).Set("tty", 34816).Set("uid", 0).Set("gid", 0));

        Assert.Equal("true", _f.Field("proc.name"));
        Assert.Equal("a b c", _f.Field("proc.args"));
        Assert.Equal("true a b c", _f.Field("proc.cmdline"));
        Assert.Equal("2", _f.Field("proc.cmdnargs"));
        Assert.Equal("/usr/bin/true", _f.Field("proc.exepath"));
        Assert.Equal("/root", _f.Field("proc.env[HOME]"));
        Assert.Equal("<NA>", _f.Field("proc.env[NOPE]"));
        Assert.Equal("HOME=/root LANG=C", _f.Field("proc.env"));
        Assert.Equal("CAP_CHOWN CAP_DAC_OVERRIDE", _f.Field("thread.cap_permitted"));
        Assert.Equal("CAP_CHOWN", _f.Field("thread.cap_effective"));
        Assert.Equal("true", _f.Field("proc.is_exe_writable"));
        Assert.Equal("false", _f.Field("proc.is_exe_upper_layer"));
        Assert.Equal("true", _f.Field("proc.is_exe_from_memfd"));
        Assert.Equal("1000", _f.Field("user.loginuid"));
        Assert.Equal("34816", _f.Field("proc.tty"));
        Assert.Equal("execve", _f.Field("evt.type"));
    }

    [Fact]
    public void SocketFieldsOfAConnectedClient()
    {
        _f.Apply(_f.Event(EventType.Socket).Set("fd", 3).Set("domain", 2).Set("type", 1).Set("proto", 0));
        _f.Apply(_f.Event(EventType.Connect).Set("res", 0).Set("fd", 3)
            .SetTuple("tuple", IPEndPoint.Parse("10.1.1.1:40000"), IPEndPoint.Parse("10.2.2.2:443")));

        Assert.Equal("10.1.1.1:40000->10.2.2.2:443", _f.Field("fd.name"));
        Assert.Equal("10.1.1.1", _f.Field("fd.cip"));
        Assert.Equal("10.2.2.2", _f.Field("fd.sip"));
        Assert.Equal("10.1.1.1", _f.Field("fd.lip"));
        Assert.Equal("10.2.2.2", _f.Field("fd.rip"));
        Assert.Equal("40000", _f.Field("fd.cport"));
        Assert.Equal("443", _f.Field("fd.sport"));
        Assert.Equal("443", _f.Field("fd.rport"));
        Assert.Equal("tcp", _f.Field("fd.l4proto"));
        Assert.Equal("ip", _f.Field("fd.sockfamily"));
        Assert.Equal("4", _f.Field("fd.typechar"));
        Assert.Equal("ipv4", _f.Field("fd.type"));
        Assert.Equal("true", _f.Field("fd.connected"));
        Assert.Equal("false", _f.Field("fd.is_server"));
        Assert.Equal("10.1.1.1:40000->10.2.2.2:443", _f.Field("evt.arg.tuple"));
    }

    [Fact]
    public async Task HostNameFieldsRenderTheWatchedNameOfTheAddress()
    {
        // A condition watches the name (as the stable macro k8s_api_server does); outputs then name the
        // server by it. Addresses no watched name resolves to stay <NA>: there is no reverse lookup.
        var names = SyscallFieldCatalog.Instance.HostNames;
        names.Pin("api.render.kite.test", IPAddress.Parse("10.77.0.1"));
        names.Track(["api.render.kite.test"]);
        await names.RefreshAllAsync();
        _f.Apply(_f.Event(EventType.Socket).Set("fd", 3).Set("domain", 2).Set("type", 1).Set("proto", 0));
        _f.Apply(_f.Event(EventType.Connect).Set("res", 0).Set("fd", 3)
            .SetTuple("tuple", IPEndPoint.Parse("10.1.1.1:40000"), IPEndPoint.Parse("10.77.0.1:443")));

        Assert.Equal("api.render.kite.test", _f.Field("fd.sip.name"));
        Assert.Equal("api.render.kite.test", _f.Field("fd.rip.name"));
        Assert.Equal("<NA>", _f.Field("fd.cip.name"));
        Assert.Equal("<NA>", _f.Field("fd.lip.name"));
    }

    [Fact]
    public void AnyValueFieldsYieldClientThenServer()
    {
        _f.Apply(_f.Event(EventType.Accept4).Set("fd", 5)
            .SetTuple("tuple", IPEndPoint.Parse("10.0.0.1:443"), IPEndPoint.Parse("10.0.0.9:51000")).Set("flags", 0));
        var context = _f.Context();

        long cursor = 0;
        var ports = new List<ulong>();
        while (context.TryGetNextUInt64(new FieldId((int)SyscallField.FdPort), FieldArgument.None, ref cursor, out ulong port))
            ports.Add(port);
        cursor = 0;
        var addresses = new List<string>();
        while (context.TryGetNextAddress(new FieldId((int)SyscallField.FdIp), FieldArgument.None, ref cursor, out var address))
            addresses.Add(address.ToString());

        Assert.Equal([51000UL, 443UL], ports);
        Assert.Equal(["10.0.0.9", "10.0.0.1"], addresses);
    }

    [Fact]
    public void AncestorWithoutIndexYieldsEveryAncestorFromTheParentUp()
    {
        int child = StateFixture.Pid + 10;
        _f.Apply(_f.Event(EventType.Clone, child, child).Set("res", 0).Set("comm", "worker").Set("ptid", StateFixture.Pid).Set("flags", 0L));
        _f.Apply(_f.Event(EventType.Close, child, child).Set("res", 0).Set("fd", 9));
        var context = _f.Context();

        long cursor = 0;
        var names = new List<string>();
        while (context.TryGetNextString(new FieldId((int)SyscallField.ProcAname), FieldArgument.None, ref cursor, out var name))
            names.Add(System.Text.Encoding.UTF8.GetString(name));

        Assert.Equal(["app", "bash"], names);
    }

    [Fact]
    public void UnknownThreadLeavesProcessFieldsMissing()
    {
        _f.Apply(_f.Event(EventType.Close, 6_100_000, 6_100_000).Set("res", 0).Set("fd", 3));
        Assert.Equal("<NA>", _f.Field("proc.name"));
        Assert.Equal("<NA>", _f.Field("user.name"));
        Assert.Equal("<NA>", _f.Field("fd.name"));
        Assert.Equal("close", _f.Field("evt.type"));
    }

    [Fact]
    public void SetuidRendersAUidWithoutAPasswdEntryAsItsNumber()
    {
        // The fixture's root has no /etc/passwd; names themselves are covered by UserTableTests.
        _f.Apply(_f.Event(EventType.Setuid).Set("res", 0).Set("uid", 0));
        Assert.Equal("0", _f.Field("evt.arg.uid"));
        Assert.Equal("0", _f.Field("evt.rawarg.uid"));
    }

    [Fact]
    public void PtraceRequestRendersByName()
    {
        _f.Apply(_f.Event(EventType.Ptrace).Set("res", 0).Set("request", 16L).Set("pid", StateFixture.ParentPid));
        Assert.Equal("PTRACE_ATTACH", _f.Field("evt.arg.request"));
        Assert.Equal("4999999(bash)", _f.Field("evt.arg.pid"));
    }

    [Fact]
    public void TimeFieldsConvertBootTimeToTheEpoch()
    {
        ulong boot = BootClock.NowBoot();
        _f.Apply(_f.Event(EventType.Close).At(boot).Set("res", 0).Set("fd", 3));
        ulong epoch = ulong.Parse(_f.Field("evt.rawtime"));
        ulong now = (ulong)(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000);
        Assert.InRange(epoch, now - 5_000_000_000UL, now + 5_000_000_000UL);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}\+0000$", _f.Field("evt.time.iso8601"));
    }
}
