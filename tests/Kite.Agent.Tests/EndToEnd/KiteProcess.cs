using System.Diagnostics;
using System.Text;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.EndToEnd;

/// <summary>
/// The real agent (out/kite, as `make build` leaves it) run as a child process: started with
/// arguments, awaited until it reports that it runs, signalled like an operator would.
/// </summary>
internal sealed class KiteProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _stdout = new();
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private KiteProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (_stderr)
                _stderr.AppendLine(e.Data);
            if (e.Data.Contains(": running with", StringComparison.Ordinal))
                _running.TrySetResult();
        };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (_stdout)
                _stdout.AppendLine(e.Data);
        };
    }

    public static string Executable => Path.Combine(TestEnvironment.RepoRoot, "out", "kite");

    public int Pid => _process.Id;

    public string Stderr
    {
        get
        {
            lock (_stderr)
                return _stderr.ToString();
        }
    }

    public string Stdout
    {
        get
        {
            lock (_stdout)
                return _stdout.ToString();
        }
    }

    /// <summary>Starts `out/kite` with <paramref name="args"/> and waits until it reports that it runs.</summary>
    public static async Task<KiteProcess> StartAsync(params string[] args)
    {
        Assert.True(File.Exists(Executable), $"{Executable} not built (run make build)");
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = TestEnvironment.RepoRoot,
        };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        var kite = new KiteProcess(Process.Start(psi)!);
        kite._process.BeginErrorReadLine();
        kite._process.BeginOutputReadLine();
        Task exited = kite._process.WaitForExitAsync();
        Task first = await Task.WhenAny(kite._running.Task, exited, Task.Delay(TimeSpan.FromSeconds(90)));
        if (first != kite._running.Task)
        {
            string why = first == exited ? $"exited with {kite._process.ExitCode}" : "did not start within 90 s";
            string log = kite.Stderr;
            kite.Dispose();
            Assert.Fail($"kite {why}:\n{log}");
        }
        return kite;
    }

    /// <summary>Runs `out/kite` to completion (for commands that must fail fast).</summary>
    public static async Task<(int Code, string Stdout, string Stderr)> RunToExitAsync(TimeSpan timeout, params string[] args)
    {
        var psi = new ProcessStartInfo(Executable) { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = TestEnvironment.RepoRoot };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    public void Signal(string signal) => Run("/bin/kill", $"-{signal}", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Sends SIGTERM and waits for the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        Signal("TERM");
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Waits until the agent's stderr contains <paramref name="text"/>.</summary>
    public async Task WaitForLogAsync(string text, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (!Stderr.Contains(text, StringComparison.Ordinal))
        {
            if (sw.Elapsed > timeout)
                Assert.Fail($"kite did not log '{text}' within {timeout.TotalSeconds} s:\n{Stderr}");
            await Task.Delay(100);
        }
    }

    /// <summary>Runs a command to completion (the activity the rules should see).</summary>
    public static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
