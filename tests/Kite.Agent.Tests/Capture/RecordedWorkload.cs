using System.Net;
using Kite.Agent.Events;
using Kite.Agent.Tests.Events;

namespace Kite.Agent.Tests.Capture;

/// <summary>
/// One cycle of a worker's life as the probe records it: fork, exec, open/read/close files, a TCP connection,
/// exit (17 records). Replayed by the zero-allocation tests and by the capture benchmarks (which link this
/// file), so the figures in benchmarks/README.md and the allocation proof run the same events.
/// </summary>
internal static class RecordedWorkload
{
    private const long AtFdCwd = -100;

    /// <param name="parent">The pid that forks the worker; the worker is <paramref name="parent"/> + 1.</param>
    public static byte[][] Build(int parent)
    {
        int child = parent + 1;
        var records = new List<byte[]>
        {
            EventBuilder.Of(EventType.Clone, parent, parent).Set("res", child).Set("flags", 0L).Build(),
            EventBuilder.Of(EventType.Clone, child, child).Set("res", 0).Set("exe", "/usr/bin/app").Set("args", "--serve")
                .Set("tid", child).Set("pid", child).Set("ptid", parent).Set("cwd", "/srv").Set("comm", "app")
                .Set("cgroups", "cpu=/", "memory=/system.slice/app.service").Set("flags", 0L)
                .Set("uid", 1000).Set("gid", 1000).Set("vtid", 7).Set("vpid", 7).Build(),
            EventBuilder.Of(EventType.Execve, child, child).Set("res", 0).Set("exe", "/bin/cat").Set("args", "/etc/shadow")
                .Set("comm", "cat").Set("trusted_exepath", "/usr/bin/cat").Set("env", "HOME=/root", "PATH=/bin")
                .Set("cwd", "/srv").Set("uid", 0).Set("gid", 0).Set("loginuid", 1000).Set("cap_permitted", 0x1ffL)
                .Set("cap_effective", 0x1ffL).Set("cap_inheritable", 0L).Set("tty", 0).Set("flags", 0L).Build(),
            EventBuilder.Of(EventType.Openat, child, child).Set("fd", 3).Set("dirfd", AtFdCwd).Set("name", "/etc/shadow").Set("flags", 0x80000L).Build(),
            EventBuilder.Of(EventType.Openat, child, child).Set("fd", 4).Set("dirfd", AtFdCwd).Set("name", "../data/./x.log").Set("flags", 0x241L).Set("mode", 0x1a4L).Build(),
            EventBuilder.Of(EventType.Openat, child, child).Set("fd", -2).Set("dirfd", AtFdCwd).Set("name", "missing.conf").Set("flags", 0L).Build(),
            EventBuilder.Of(EventType.Dup2, child, child).Set("res", 1).Set("oldfd", 4).Set("newfd", 1).Build(),
            EventBuilder.Of(EventType.Generic, child, child).Set("ID", 0L).Set("res", 100).Build(),
            EventBuilder.Of(EventType.Close, child, child).Set("res", 0).Set("fd", 3).Build(),
            EventBuilder.Of(EventType.Socket, child, child).Set("fd", 5).Set("domain", 2).Set("type", 1).Set("proto", 0).Build(),
            EventBuilder.Of(EventType.Connect, child, child).Set("res", 0).Set("fd", 5)
                .SetTuple("tuple", IPEndPoint.Parse("10.0.0.7:40000"), IPEndPoint.Parse("10.0.0.1:443")).Build(),
            EventBuilder.Of(EventType.Sendto, child, child).Set("res", 10).Set("fd", 5).Set("size", 10).Build(),
            EventBuilder.Of(EventType.Chdir, child, child).Set("res", 0).Set("path", "/tmp").Build(),
            EventBuilder.Of(EventType.Close, child, child).Set("res", 0).Set("fd", 5).Build(),
            EventBuilder.Of(EventType.Close, child, child).Set("res", 0).Set("fd", 4).Build(),
            EventBuilder.Of(EventType.Setuid, child, child).Set("res", 0).Set("uid", 1000).Build(),
            EventBuilder.Of(EventType.Procexit, child, child).Set("status", 0).Set("ret", 0).Build(),
        };
        return [.. records];
    }
}
