using System.Text;
using Kite.Agent.Events;
using Kite.Agent.State;
using Kite.Agent.Tests.Events;

namespace Kite.Agent.Tests.State;

/// <summary>
/// Tables with one synthetic process (pid <see cref="Pid"/>, beyond any real pid so /proc is never consulted)
/// and helpers that apply EventBuilder records through the real decoder.
/// </summary>
internal sealed class StateFixture
{
    /// <summary>Above the kernel's PID_MAX_LIMIT (4194304): never a real process.</summary>
    public const int Pid = 5_000_000;

    public const int ParentPid = 4_999_999;

    public StateFixture(string hostRoot = "/nonexistent-kite-test-root")
    {
        Threads = new ThreadTable(new StateLimits(), new ProcReader(new HostRoot(hostRoot)));
        Updater = new StateUpdater(Threads);
        var parent = Threads.Create(ParentPid, ParentPid, null);
        parent.Comm.Set("bash"u8);
        parent.Exe.Set("/bin/bash"u8);
        parent.ContainerId.Set("host"u8);
        var process = Threads.Create(Pid, Pid, null);
        process.ParentPid = ParentPid;
        process.Comm.Set("app"u8);
        process.Exe.Set("/usr/bin/app"u8);
        process.ExePath.Set("/usr/bin/app"u8);
        process.Cwd.Set("/home/user"u8);
        process.ContainerId.Set("host"u8);
    }

    public ThreadTable Threads { get; }

    public StateUpdater Updater { get; }

    public ThreadInfo Process => Threads.Find(Pid)!;

    public EventBuilder Event(EventType type, int tid = Pid, int pid = Pid) => EventBuilder.Of(type, tid, pid);

    /// <summary>Decodes and applies one record; returns the updater for inspection.</summary>
    public StateUpdater Apply(EventBuilder builder)
    {
        byte[] record = builder.Build();
        Assert.Equal(RawEventStatus.Ok, RawEvent.TryRead(record, out var ev));
        Updater.Apply(ev);
        return Updater;
    }

    public FdInfo? FdOf(int fd, int pid = Pid) => Threads.Find(pid)?.Process.Fds?.Find(fd);

    public static string Text(in Utf8Text t) => Encoding.UTF8.GetString(t.Span);
}
