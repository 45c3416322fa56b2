using System.Diagnostics;
using Kite.Agent.Cli;
using Kite.Agent.Tests.Capture.Triggers;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.Cli;

/// <summary>`kite capture` prints live events with their parameters rendered (flag names, tuples, sizes).</summary>
[Trait("Category", "Privileged")]
public sealed class CaptureCommandTests
{
    private const string Format = "%evt.type %proc.pid %evt.args";

    // clone, fork, vfork, execve, clone3: the trigger is short-lived, so the thread table learns it from its
    // clone and exec (x86_64 numbers), not from /proc after the fact.
    private const string ProcessSyscalls = "56,57,58,59,435";

    [RequiresBpfFact]
    public void CaptureRendersSendmmsgAndRecvmmsgWithTheirSizeAndPeer()
    {
        // recvmmsg = 299, sendmmsg = 307 (x86_64)
        var lines = Capture(ProcessSyscalls + ",299,307", () => TriggerProgram.Run("mmsg"), ["sendmmsg", "recvmmsg"], out string output);
        int rxPort = TriggerProgram.Value(output, "rxport");

        Assert.Matches($@"^sendmmsg \d+ res=2 fd=\d+.* size=12 .*tuple=.*->127\.0\.0\.1:{rxPort}\b", lines["sendmmsg"]);
        Assert.Matches(@"^recvmmsg \d+ res=[12] fd=\d+.* size=(5|12) .*tuple=", lines["recvmmsg"]);
    }

    [RequiresBpfFact]
    public void CaptureRendersIoUringCallsWithFalcosFlagNames()
    {
        // io_uring_setup = 425, io_uring_enter = 426, io_uring_register = 427
        var lines = Capture(ProcessSyscalls + ",425,426,427", () => TriggerProgram.Run("io_uring"), ["io_uring_setup", "io_uring_enter", "io_uring_register"], out _);

        Assert.Contains("entries=4 ", lines["io_uring_setup"]);
        Assert.Contains("flags=IORING_SETUP_CLAMP ", lines["io_uring_setup"]);
        Assert.Contains("features=IORING_FEAT_SINGLE_MMAP|", lines["io_uring_setup"]);
        Assert.Contains("flags=IORING_ENTER_GETEVENTS ", lines["io_uring_enter"]);
        Assert.Contains("opcode=IORING_UNREGISTER_BUFFERS ", lines["io_uring_register"]);
        Assert.Contains("res=ENXIO", lines["io_uring_register"]);
    }

    /// <summary>
    /// Runs `kite capture -s SYSCALLS -p FORMAT` while <paramref name="trigger"/> runs in a child, until a line of
    /// each wanted event type of that child is printed; returns those lines by event type.
    /// </summary>
    private static Dictionary<string, string> Capture(string syscalls, Func<(int Pid, string Output)> trigger, string[] types, out string triggerOutput)
    {
        var output = new StringWriter();
        var log = new StringWriter();
        var syncedOutput = TextWriter.Synchronized(output);
        var syncedLog = TextWriter.Synchronized(log);
        using var cancel = new CancellationTokenSource();
        var run = Task.Run(() => CaptureCommand.Run(0, false, Format, 4, syscalls, false, syncedOutput, syncedLog, cancel.Token));
        var clock = Stopwatch.StartNew();
        while (!Text(syncedLog, log).Contains("probe attached", StringComparison.Ordinal) && !run.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(10))
            Thread.Sleep(20);
        Assert.False(run.IsCompleted, "kite capture stopped early: " + Text(syncedLog, log));

        var (pid, childOutput) = trigger();
        triggerOutput = childOutput;
        var found = new Dictionary<string, string>();
        while (found.Count < types.Length && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            foreach (string line in Text(syncedOutput, output).Split('\n'))
            {
                string[] words = line.Split(' ', 3);
                if (words.Length == 3 && words[1] == pid.ToString() && types.Contains(words[0]))
                    found.TryAdd(words[0], line);
            }
            Thread.Sleep(50);
        }
        cancel.Cancel();
        Assert.Equal(0, run.Result);
        Assert.True(found.Count == types.Length,
            $"kite capture printed {string.Join(", ", found.Keys)} of pid {pid}, wanted {string.Join(", ", types)}; output:\n{Text(syncedOutput, output)}");
        return found;
    }

    /// <summary>What <paramref name="inner"/> holds so far; TextWriter.Synchronized locks on its wrapper.</summary>
    private static string Text(TextWriter synced, StringWriter inner)
    {
        lock (synced)
            return inner.ToString();
    }
}
