using Kite.Agent.Events;

namespace Kite.Agent.Tests.Interop;

/// <summary>Flag words render with Falco's names, as evt.arg.* shows them.</summary>
public sealed class FlagTablesTests
{
    [Theory]
    [InlineData(0x0UL, "O_RDONLY")]
    [InlineData(0x80000UL, "O_RDONLY|O_CLOEXEC")]
    [InlineData(0x241UL, "O_TRUNC|O_CREAT|O_WRONLY")] // O_WRONLY|O_CREAT|O_TRUNC
    [InlineData(0x42UL, "O_CREAT|O_RDWR")]
    [InlineData(0x80000042UL, "O_CREAT|O_RDWR|O_F_CREATED")]
    [InlineData(0x101001UL, "O_SYNC|O_WRONLY")]
    public void OpenFlagsRenderInFalcoOrder(ulong flags, string expected)
    {
        Assert.Equal(expected, FlagTables.OpenFlags.Format(flags));
    }

    [Theory]
    [InlineData(16UL, "PTRACE_ATTACH")]
    [InlineData(0x4206UL, "PTRACE_SEIZE")]
    [InlineData(0UL, "PTRACE_TRACEME")]
    [InlineData(999UL, "PTRACE_UNKNOWN")]
    public void PtraceRequestsRenderAsOneName(ulong request, string expected)
    {
        Assert.Equal(expected, FlagTables.PtraceRequests.Format(request));
    }

    [Theory]
    [InlineData(0x9edUL, "S_IXOTH|S_IROTH|S_IXGRP|S_IRGRP|S_IXUSR|S_IWUSR|S_IRUSR|S_ISUID")] // 04755
    [InlineData(0x1a4UL, "S_IROTH|S_IRGRP|S_IWUSR|S_IRUSR")] // 0644
    public void ModesRenderWithPermissionNames(ulong mode, string expected)
    {
        Assert.Equal(expected, FlagTables.FileMode.Format(mode));
    }

    [Fact]
    public void EnumTablesRenderTheNamesRulesCompareWith()
    {
        Assert.Equal("AF_PACKET", FlagTables.SocketFamilies.Format(17));
        Assert.Equal("AF_INET", FlagTables.SocketFamilies.Format(2));
        Assert.Equal("BPF_PROG_LOAD", FlagTables.BpfCommands.Format(5));
        Assert.Equal("ENOENT", FlagTables.Errno.Format(2));
        Assert.Equal("EINPROGRESS", FlagTables.Errno.Format(115));
        Assert.Equal("SIGKILL", FlagTables.Signals.Format(9));
        Assert.Equal("PROT_NONE", FlagTables.ProtFlags.Format(0));
        Assert.Equal("PROT_READ|PROT_EXEC", FlagTables.ProtFlags.Format(5));
        Assert.Equal("EXE_WRITABLE|EXE_UPPER_LAYER", FlagTables.ExecveFlags.Format(3));
    }

    [Fact]
    public void CapabilitiesRenderSpaceSeparatedInBitOrder()
    {
        Assert.Equal("CAP_CHOWN CAP_KILL CAP_SYS_ADMIN", FlagTables.Capabilities.Format((1UL << 0) | (1UL << 5) | (1UL << 21)));
    }

    [Fact]
    public void ValuesNoEntryNamesRenderAsNumbers()
    {
        Assert.Equal("0", FlagTables.UnlinkatFlags.Format(0));
        Assert.Equal("4242", FlagTables.Errno.Format(4242));
    }

    [Fact]
    public void FormattingIntoASpanDoesNotAllocate()
    {
        Span<byte> buffer = stackalloc byte[256];
        FlagTables.OpenFlags.TryFormat(0x241, buffer, out _); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
            FlagTables.OpenFlags.TryFormat(0x241, buffer, out _);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
