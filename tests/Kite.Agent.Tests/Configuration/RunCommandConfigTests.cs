using System.Diagnostics;
using Kite.Agent.Cli;

namespace Kite.Agent.Tests.Configuration;

/// <summary>`kite run` validates its configuration before anything attaches.</summary>
public sealed class RunCommandConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kite-run-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void InvalidConfigExitsOneWithOneLineNamingTheKey()
    {
        string bad = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(bad, "file_output:\n  enabled: sometimes\n");
        var stderr = new StringWriter();

        int code = KiteCommandLine.Invoke(["run", "-c", bad], new StringWriter(), stderr);

        Assert.Equal(1, code);
        string line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"kite: invalid configuration: file_output.enabled: expected true or false, got 'sometimes' ({bad}:2:12)", line);
    }

    [Fact]
    public void InvalidOverrideExitsOne()
    {
        var stderr = new StringWriter();

        int code = KiteCommandLine.Invoke(["run", "-o", "outputs_queue.capacity=lots"], new StringWriter(), stderr);

        Assert.Equal(1, code);
        Assert.StartsWith("kite: invalid configuration: outputs_queue.capacity: expected an integer", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RealProcessWithBadConfigExitsOneBeforeAttaching()
    {
        string bad = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(bad, "webserver:\n  listen_port: 99999\n");
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "kite.dll"), "run", "-c", bad, "-r", "x.yaml", "-o", "json_output=true"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };

        using Process p = Process.Start(psi)!;
        string stderr = p.StandardError.ReadToEnd();
        string stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(60_000));

        Assert.Equal(1, p.ExitCode);
        Assert.Equal("", stdout);
        Assert.Equal($"kite: invalid configuration: webserver.listen_port: 99999 is out of range [0, 65535] ({bad}:2:16)", stderr.Trim());
    }

    [Fact]
    public void InvalidConfigPrintsOnlyTheErrorNotTheWarnings()
    {
        string cfg = Path.Combine(_dir, "warn.yaml");
        File.WriteAllText(cfg, "engine: {kind: kmod}\nbogus: 1\nwebserver: {listen_port: -5}\n");
        var stderr = new StringWriter();

        int code = KiteCommandLine.Invoke(["run", "-c", cfg], new StringWriter(), stderr);

        Assert.Equal(1, code);
        string line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("kite: invalid configuration: webserver.listen_port:", line, StringComparison.Ordinal);
    }
}
