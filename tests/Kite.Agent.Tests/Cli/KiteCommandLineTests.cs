using Kite.Agent.Cli;

namespace Kite.Agent.Tests.Cli;

public sealed class KiteCommandLineTests
{
    [Fact]
    public void UnknownOptionPrintsOneLineAndExitsWithTwo()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = KiteCommandLine.Invoke(["run", "--no-such-option"], stdout, stderr);

        Assert.Equal(KiteCommandLine.UsageError, code);
        string[] lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("--no-such-option", lines[0]);
        Assert.StartsWith("kite: ", lines[0]);
    }

    [Fact]
    public void VersionPrintsAgentVersion()
    {
        var stdout = new StringWriter();

        int code = KiteCommandLine.Invoke(["version"], stdout, new StringWriter());

        Assert.Equal(0, code);
        Assert.Matches(@"^kite \d+\.\d+\.\d+", stdout.ToString());
        Assert.Contains("probe ABI", stdout.ToString());
    }

    [Fact]
    public void HelpListsTheSubcommands()
    {
        var stdout = new StringWriter();

        int code = KiteCommandLine.Invoke(["--help"], stdout, new StringWriter());

        Assert.Equal(0, code);
        Assert.Contains("run", stdout.ToString());
        Assert.Contains("version", stdout.ToString());
    }
}
