using System.Diagnostics;
using Kite.Agent.Configuration;
using Kite.Agent.Outputs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kite.Agent.Tests.Outputs;

/// <summary>The program output with real `sh -c` children.</summary>
public sealed class ProgramOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kite-program-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ProgramOutput Create(string program, bool keepAlive) => new(
        new ProgramOutputConfig { Enabled = true, KeepAlive = keepAlive, Program = program },
        new AlertFormatter(new AlertFormatConfig(), "h", TimeZoneInfo.Utc),
        NullLogger.Instance,
        TimeSpan.FromSeconds(20));

    private static string[] WaitForLines(string path, int count)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (File.Exists(path) && File.ReadAllLines(path) is { } lines && lines.Length >= count)
                return lines;
            Thread.Sleep(20);
        }
        return File.Exists(path) ? File.ReadAllLines(path) : [];
    }

    [Fact]
    public async Task KeepAliveFeedsEveryAlertToOneProcess()
    {
        string file = Path.Combine(_dir, "out.txt");
        ProgramOutput output = Create($"cat >> '{file}'", keepAlive: true);

        for (int i = 1; i <= 3; i++)
            await output.WriteAsync(TestAlerts.Make(n: i), default);
        await output.FlushAsync(default);
        await output.DisposeAsync();

        string[] lines = File.ReadAllLines(file);
        Assert.Equal(3, lines.Length);
        Assert.EndsWith("n=3", lines[2], StringComparison.Ordinal);
        Assert.Equal(1, output.Starts);
    }

    [Fact]
    public async Task WithoutKeepAliveEachAlertRunsTheProgram()
    {
        string file = Path.Combine(_dir, "out.txt");
        await using ProgramOutput output = Create($"cat >> '{file}'", keepAlive: false);

        for (int i = 1; i <= 3; i++)
            await output.WriteAsync(TestAlerts.Make(n: i), default);

        Assert.Equal(3, File.ReadAllLines(file).Length);
        Assert.Equal(3, output.Starts);
    }

    [Fact]
    public async Task KeepAliveRestartsAProgramThatDiedAndResendsTheAlert()
    {
        string file = Path.Combine(_dir, "out.txt");
        string pidFile = Path.Combine(_dir, "pid");
        // The shell records its pid, then becomes cat: killing that pid kills the reader of our pipe.
        ProgramOutput output = Create($"echo $$ > '{pidFile}'; exec cat >> '{file}'", keepAlive: true);
        await output.WriteAsync(TestAlerts.Make(n: 1), default);
        await output.FlushAsync(default);
        WaitForLines(file, 1);

        using (Process first = Process.GetProcessById(int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture)))
        {
            first.Kill();
            first.WaitForExit();
        }
        await output.WriteAsync(TestAlerts.Make(n: 2), default);
        await output.FlushAsync(default);
        await output.DisposeAsync();

        string[] lines = File.ReadAllLines(file);
        Assert.Equal(2, lines.Length);
        Assert.EndsWith("n=2", lines[1], StringComparison.Ordinal);
        Assert.Equal(2, output.Starts);
    }

    [Fact]
    public async Task FailingProgramFailsTheWriteWithItsExitCode()
    {
        await using ProgramOutput output = Create("cat > /dev/null; exit 3", keepAlive: false);

        var e = await Assert.ThrowsAsync<IOException>(async () => await output.WriteAsync(TestAlerts.Make(), default));

        Assert.Contains("code 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonAlertsReachTheProgramAsOneLineEach()
    {
        string file = Path.Combine(_dir, "out.json");
        var output = new ProgramOutput(
            new ProgramOutputConfig { Enabled = true, KeepAlive = true, Program = $"cat >> '{file}'" },
            new AlertFormatter(new AlertFormatConfig { Json = true }, "h"),
            NullLogger.Instance,
            TimeSpan.FromSeconds(20));

        await output.WriteAsync(TestAlerts.Make(n: 1), default);
        await output.WriteAsync(TestAlerts.Make(n: 2), default);
        await output.DisposeAsync();

        string[] lines = File.ReadAllLines(file);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.True(Kite.Protocol.Alerts.AlertJson.TryParse(System.Text.Encoding.UTF8.GetBytes(l), out _, out _)));
    }
}
