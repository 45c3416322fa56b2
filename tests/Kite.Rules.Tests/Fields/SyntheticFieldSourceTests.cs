using Kite.Rules.Fields;
using Kite.Rules.Fields.Synthetic;

namespace Kite.Rules.Tests.Fields;

public class SyntheticFieldSourceTests
{
    [Fact]
    public void ReadsTypedValuesByFieldAndArgument()
    {
        var ev = new SyntheticEvent(TestCatalog.Instance).WithEventType("openat")
            .Set("proc.name", "bash").Set("proc.pid", 42).Set("evt.arg.flags", "O_RDONLY").Set("fd.sip", "10.0.0.1")
            .Set("evt.is_open_read", true).SetLineage("proc.aname", "bash", "sshd", "systemd");
        var source = new SyntheticFieldSource(ev);

        Assert.Equal((ushort)2, source.EventType);
        Assert.True(source.TryGetString(new FieldId(TestCatalog.ProcName), FieldArgument.None, out var name));
        Assert.Equal("bash"u8.ToArray(), name.ToArray());
        Assert.True(source.TryGetInt64(new FieldId(TestCatalog.ProcPid), FieldArgument.None, out long pid));
        Assert.Equal(42, pid);
        Assert.True(source.TryGetString(new FieldId(TestCatalog.EvtArg), FieldArgument.FromKey("flags"), out var flags));
        Assert.Equal("O_RDONLY"u8.ToArray(), flags.ToArray());
        Assert.True(source.TryGetAddress(new FieldId(TestCatalog.FdSip), FieldArgument.None, out NetAddress ip));
        Assert.Equal("10.0.0.1", ip.ToString());
        Assert.True(source.TryGetBool(new FieldId(TestCatalog.IsOpenRead), FieldArgument.None, out bool read) && read);
        Assert.True(source.TryGetString(new FieldId(TestCatalog.ProcAname), FieldArgument.FromIndex(2), out var gparent));
        Assert.Equal("systemd"u8.ToArray(), gparent.ToArray());
    }

    [Fact]
    public void EnumeratesMultiValuedFieldsWithACursor()
    {
        var ev = new SyntheticEvent(TestCatalog.Instance).SetLineage("proc.aname", "bash", "sshd", "systemd");
        var source = new SyntheticFieldSource(ev);
        long cursor = 0;
        var seen = new List<string>();
        while (source.TryGetNextString(new FieldId(TestCatalog.ProcAname), FieldArgument.None, ref cursor, out var v))
            seen.Add(System.Text.Encoding.UTF8.GetString(v));
        Assert.Equal(["sshd", "systemd"], seen);
    }

    [Fact]
    public void ReportsUnsetFieldsAsMissing()
    {
        var source = new SyntheticFieldSource(new SyntheticEvent(TestCatalog.Instance));
        Assert.False(source.TryGetString(new FieldId(TestCatalog.ProcName), FieldArgument.None, out _));
        Assert.False(source.TryGetInt64(new FieldId(TestCatalog.ProcPid), FieldArgument.None, out _));
        long cursor = 0;
        Assert.False(source.TryGetNextString(new FieldId(TestCatalog.ProcAname), FieldArgument.None, ref cursor, out _));
    }

    [Fact]
    public void RejectsUnknownFieldsAtSetTime() =>
        Assert.Throws<ArgumentException>(() => new SyntheticEvent(TestCatalog.Instance).Set("proc.nope", "x"));
}
