using System.Buffers.Binary;
using System.Net;
using Kite.Agent.Capture;
using Kite.Agent.Events;
using Kite.Agent.Tests.Capture.Triggers;
using Kite.Agent.Tests.Interop;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.Capture;

/// <summary>
/// Records of the event types and parameters the probe used to leave out (sendmmsg/recvmmsg, io_uring, and
/// parameters that were always empty), against the real kernel. Each trigger runs in a child process (the test
/// process is excluded in the kernel) and the records of that child are decoded by <see cref="CapturedRecord"/>.
/// </summary>
[Trait("Category", "Privileged")]
public sealed class ProbeParameterTests
{
    private const ulong OCloexec = 0x80000;
    private const ulong ONonblock = 0x800;

    [RequiresBpfFact]
    public void SendmmsgRecordCarriesTheMessagesBytesAndTheFirstPeer()
    {
        // Trigger
        var (records, output, pid) = Capture("mmsg", [], EventType.Sendmmsg, EventType.Recvmmsg);
        int tx = TriggerProgram.Value(output, "tx");
        int rxPort = TriggerProgram.Value(output, "rxport");
        int txPort = TriggerProgram.Value(output, "txport");

        // Assert parameters
        var send = Assert.Single(records, r => r.Header.Pid == pid && r.Type == EventType.Sendmmsg);
        Assert.Equal(2, send.Int("res")); // two messages
        Assert.Equal(tx, send.Int("fd"));
        Assert.Equal(5UL + 7UL, send.UInt("size"));
        Assert.Empty(send.Raw("data")); // no payload, ever
        var (local, remote) = send.Ipv4Tuple("tuple");
        Assert.Equal(txPort, local.Port);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, rxPort), remote); // from the first message's msg_name
    }

    [RequiresBpfFact]
    public void RecvmmsgRecordCarriesTheBytesReceivedAndTheSender()
    {
        // Trigger
        var (records, output, pid) = Capture("mmsg", [], EventType.Sendmmsg, EventType.Recvmmsg);
        int rx = TriggerProgram.Value(output, "rx");
        int rxPort = TriggerProgram.Value(output, "rxport");
        int txPort = TriggerProgram.Value(output, "txport");

        // Assert parameters
        var recv = Assert.Single(records, r => r.Header.Pid == pid && r.Type == EventType.Recvmmsg);
        long messages = recv.Int("res");
        Assert.InRange(messages, 1, 2); // MSG_WAITFORONE: the second datagram may not have arrived yet
        Assert.Equal(rx, recv.Int("fd"));
        Assert.Equal(messages == 2 ? 12UL : 5UL, recv.UInt("size"));
        Assert.Empty(recv.Raw("data"));
        Assert.Empty(recv.Raw("msgcontrol"));
        var (local, remote) = recv.Ipv4Tuple("tuple");
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, rxPort), local);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, txPort), remote); // the sender, as the kernel filled msg_name
    }

    [RequiresBpfFact]
    public void SendmsgSizeIsTheSumOfItsIovecsAndRecvmsgSizeTheBytesReceived()
    {
        var (records, _, pid) = Capture("msg", [], EventType.Sendmsg, EventType.Recvmsg);

        var send = Assert.Single(records, r => r.Header.Pid == pid && r.Type == EventType.Sendmsg);
        Assert.Equal(7, send.Int("res"));
        Assert.Equal(3UL + 4UL, send.UInt("size"));
        var recv = Assert.Single(records, r => r.Header.Pid == pid && r.Type == EventType.Recvmsg);
        Assert.Equal(7UL, recv.UInt("size"));
    }

    [RequiresBpfFact]
    public void SocketpairRecordCarriesTheSocketAndItsPeer()
    {
        var (records, output, pid) = Capture("socketpair", [], EventType.Socketpair);

        var pair = Assert.Single(records, r => r.Header.Pid == pid && r.Type == EventType.Socketpair);
        Assert.Equal(TriggerProgram.Value(output, "fd1"), pair.Int("fd1"));
        Assert.Equal(TriggerProgram.Value(output, "fd2"), pair.Int("fd2"));
        ulong source = pair.UInt("source");
        ulong peer = pair.UInt("peer");
        // Kernel addresses of the two connected struct sock (Falco's ids of unix socket ends).
        Assert.True(source > 0xffff_0000_0000_0000UL, $"source {source:x} is not a kernel address");
        Assert.True(peer > 0xffff_0000_0000_0000UL, $"peer {peer:x} is not a kernel address");
        Assert.NotEqual(source, peer);
    }

    [RequiresBpfFact]
    public void SignalfdRecordsCarryTheMaskAndTheFlagsTheCallHas()
    {
        var (records, _, pid) = Capture("signalfd", [], EventType.Signalfd, EventType.Signalfd4);
        const ulong usr1AndTerm = (1UL << (10 - 1)) | (1UL << (15 - 1)); // SIGUSR1, SIGTERM

        var signalfd = Assert.Single(records, r => r.Header.Pid == pid && r.Type == EventType.Signalfd);
        Assert.Equal(usr1AndTerm, signalfd.UInt("mask"));
        Assert.Equal(new byte[] { 0 }, signalfd.Raw("flags")); // signalfd(2) has no flags argument: 0, as Falco reports it
        var signalfd4 = Assert.Single(records, r => r.Header.Pid == pid && r.Type == EventType.Signalfd4);
        Assert.Equal(usr1AndTerm, signalfd4.UInt("mask"));
        Assert.Equal(OCloexec, signalfd4.UInt("flags") & OCloexec); // SFD_CLOEXEC == O_CLOEXEC
    }

    [RequiresBpfFact]
    public void PrctlRecordsCarryTheNameAndWhatGetChildSubreaperStored()
    {
        string name = "kite-" + Guid.NewGuid().ToString("N")[..8];
        var (records, _, pid) = Capture("prctl", [name], EventType.Prctl);
        var ofChild = records.Where(r => r.Header.Pid == pid && r.Type == EventType.Prctl).ToList();

        var set = Assert.Single(ofChild, r => r.Int("option") == 15); // PR_SET_NAME
        Assert.Equal(name, set.Text("arg2_str"));
        var get = Assert.Single(ofChild, r => r.Int("option") == 16); // PR_GET_NAME
        Assert.Equal(name, get.Text("arg2_str"));
        var setReaper = Assert.Single(ofChild, r => r.Int("option") == 36); // PR_SET_CHILD_SUBREAPER
        Assert.Equal(1, setReaper.Int("arg2_int"));
        Assert.Empty(setReaper.Raw("arg2_str"));
        var getReaper = Assert.Single(ofChild, r => r.Int("option") == 37); // PR_GET_CHILD_SUBREAPER
        Assert.Equal(1, getReaper.Int("arg2_int")); // the value stored through the pointer, not the pointer
    }

    [RequiresBpfFact]
    public void FdCreatingCallsReportTheirFlagsAndGetsockoptItsValue()
    {
        var (records, _, pid) = Capture("fds", [], EventType.Eventfd, EventType.InotifyInit, EventType.TimerfdCreate, EventType.Getsockopt);
        CapturedRecord Of(EventType type) => Assert.Single(records, r => r.Header.Pid == pid && r.Type == type);

        Assert.Equal(new byte[4], Of(EventType.Eventfd).Raw("flags")); // eventfd(2) has no flags argument
        Assert.Equal(new byte[] { 0 }, Of(EventType.InotifyInit).Raw("flags"));
        Assert.Equal(OCloexec | ONonblock, Of(EventType.TimerfdCreate).UInt("flags")); // TFD_* == O_*
        var getsockopt = Of(EventType.Getsockopt);
        Assert.Equal(0, getsockopt.Int("res"));
        Assert.Equal(4UL, getsockopt.UInt("optlen"));
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(getsockopt.Raw("val"))); // SO_TYPE: SOCK_DGRAM
    }

    [RequiresBpfFact]
    public void IoUringRecordsCarryTheSetupParametersAndTheEnterAndRegisterArguments()
    {
        var (records, output, pid) = Capture("io_uring", [], EventType.IoUringSetup, EventType.IoUringEnter, EventType.IoUringRegister);
        CapturedRecord Of(EventType type) => Assert.Single(records, r => r.Header.Pid == pid && r.Type == type);
        int fd = TriggerProgram.Value(output, "fd");

        var setup = Of(EventType.IoUringSetup);
        Assert.Equal(fd, setup.Int("res"));
        Assert.Equal(4UL, setup.UInt("entries"));
        Assert.Equal((ulong)TriggerProgram.Value(output, "sq"), setup.UInt("sq_entries"));
        Assert.Equal((ulong)TriggerProgram.Value(output, "cq"), setup.UInt("cq_entries"));
        Assert.Equal("IORING_SETUP_CLAMP", FlagTables.IoUringSetupFlags.Format(setup.UInt("flags")));
        Assert.Equal((ulong)TriggerProgram.Value(output, "features"), setup.UInt("features"));
        Assert.Contains("IORING_FEAT_SINGLE_MMAP", FlagTables.IoUringSetupFeats.Format(setup.UInt("features")));

        var enter = Of(EventType.IoUringEnter);
        Assert.Equal(fd, enter.Int("fd"));
        Assert.Equal("IORING_ENTER_GETEVENTS", FlagTables.IoUringEnterFlags.Format(enter.UInt("flags")));
        Assert.Equal(1UL << (12 - 1), enter.UInt("sig")); // SIGUSR2

        var register = Of(EventType.IoUringRegister);
        Assert.Equal(fd, register.Int("fd"));
        Assert.Equal("IORING_UNREGISTER_BUFFERS", FlagTables.IoUringRegisterOpcodes.Format(register.UInt("opcode")));
        Assert.True(register.Int("res") < 0); // nothing was registered
    }

    [RequiresBpfFact]
    public void ForkAndVforkRecordsCarryTheCloneFlagsTheyImply()
    {
        var (records, _, pid) = Capture("forks", [], EventType.Fork, EventType.Vfork);

        var fork = Assert.Single(records, r => r.Header.Pid == pid && r.Type == EventType.Fork && r.Int("res") > 0);
        Assert.Equal(new byte[4], fork.Raw("flags"));
        var vfork = Assert.Single(records, r => r.Header.Pid == pid && r.Type == EventType.Vfork && r.Int("res") > 0);
        Assert.Equal("CLONE_VM|CLONE_VFORK", FlagTables.CloneFlags.Format(vfork.UInt("flags")));
    }

    [RequiresBpfFact]
    public void ProcexitNamesTheSubreaperThatInheritsTheChildrenOfAnExitingProcess()
    {
        using var probe = ProbeSession.Open(ringBufferBytes: 1 << 22);
        probe.SetInteresting(EventType.Procexit, true);
        probe.Attach();

        // Trigger: under a child subreaper, a subshell leaves a background sleep behind.
        var (subreaper, _) = TriggerProgram.Run("subreaper", "/bin/sh", "-c", "( sleep 0.5 & ) ; exit");

        var records = CapturedRecord.Collect(probe, r => r.Any(x => x.Header.Pid == subreaper));
        Assert.Contains(records, r => r.Int("reaper_tid") == subreaper); // the subshell's exit
        // Exits that leave no child behind name no reaper: the subreaper itself, the last to go.
        Assert.Equal(0, Assert.Single(records, r => r.Header.Pid == subreaper).Int("reaper_tid"));
    }

    /// <summary>Runs the trigger with the probe on for <paramref name="types"/>; returns the records until the child's are in.</summary>
    private static (List<CapturedRecord> Records, string Output, int Pid) Capture(string action, string[] args, params EventType[] types)
    {
        using var probe = ProbeSession.Open(ringBufferBytes: 1 << 22);
        foreach (var type in types)
            probe.SetInteresting(type, true);
        probe.Attach();
        var (pid, output) = TriggerProgram.Run(action, args);
        var records = CapturedRecord.Collect(probe, r => types.All(t => r.Any(x => x.Header.Pid == pid && x.Type == t)));
        return (records, output, pid);
    }
}
