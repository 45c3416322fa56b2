using System.Diagnostics;
using Kite.Agent.Events;
using Kite.Agent.Tests.Capture.Triggers;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.Capture;

/// <summary>
/// A process whose parent exits is re-parented by the kernel to the nearest child subreaper, else to its pid
/// namespace's init; the thread table must follow (proc.ppid, proc.pname and proc.aname[N] of the orphan), from
/// the reaper the probe reports in the parent's procexit.
/// </summary>
[Trait("Category", "Privileged")]
public sealed class OrphanReparentingTests
{
    [RequiresBpfFact]
    public void AnOrphanBelongsToTheChildSubreaperAboveItsDeadParent()
    {
        string marker = "kite-orphan-" + Guid.NewGuid().ToString("N");
        using var capture = new LiveCapture(e => e["proc.name"] == "echo" && e["proc.args"] == marker, EventType.Procexit);

        // Trigger: the subreaper runs a shell whose subshell forks the orphan-to-be (a subshell too: it never
        // execs, so no exec record can tell its new parent) and exits a moment later; a second later the orphan
        // runs echo, whose grandparent is then the subreaper.
        var (subreaper, _) = TriggerProgram.Run("subreaper", "/bin/sh", "-c", OrphanScript(marker, 1));

        var echo = capture.WaitFor(_ => true);
        Assert.True(echo is not null, "no execve of echo by the orphan; captured:\n" + capture.Describe());
        Assert.Equal("sh", echo["proc.pname"]); // the orphan
        Assert.Equal(subreaper.ToString(), echo["proc.apid[2]"]);
        Assert.Equal("kite_trigger", echo["proc.aname[2]"]);
        Assert.True(capture.Threads.Stats.ProcessesReparented > 0);
    }

    [RequiresBpfFact]
    public void AnOrphanWithoutSubreaperBelongsToTheReaperTheKernelChose()
    {
        string marker = "kite-orphan-" + Guid.NewGuid().ToString("N");
        using var capture = new LiveCapture(e => e["proc.name"] == "echo" && e["proc.args"] == marker, EventType.Procexit);

        // Trigger: sh -c '(sleep 1 &) ; exit', with an orphan that lives on for two seconds after its echo.
        using (var shell = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", OrphanScript(marker, 2)]) { RedirectStandardOutput = true }))
            shell!.WaitForExit();

        var echo = capture.WaitFor(_ => true);
        Assert.True(echo is not null, "no execve of echo by the orphan; captured:\n" + capture.Describe());
        // The orphan is still sleeping: the kernel's answer is in /proc (init, or a subreaper above this process).
        int orphan = int.Parse(echo["proc.ppid"]);
        string reaper = ParentOf(orphan);
        Assert.NotEqual(Environment.ProcessId.ToString(), reaper);
        Assert.Equal(reaper, echo["proc.apid[2]"]);
        Assert.Equal(File.ReadAllText($"/proc/{reaper}/comm").Trim(), echo["proc.aname[2]"]);
    }

    /// <summary>
    /// A subshell that forks the orphan (a subshell that echoes the marker after a second, then lives on for
    /// <paramref name="linger"/> seconds) and exits after 0.3 s, once the orphan's clone was recorded with it as parent.
    /// </summary>
    private static string OrphanScript(string marker, int linger) =>
        $"( (sleep 1; /bin/echo {marker}; sleep {linger}) & sleep 0.3 ) ; exit";

    /// <summary>The ppid field of /proc/PID/stat (after the parenthesised comm).</summary>
    private static string ParentOf(int pid)
    {
        string stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1];
    }
}
