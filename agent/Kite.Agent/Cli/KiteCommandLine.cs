using System.CommandLine;

namespace Kite.Agent.Cli;

/// <summary>The `kite` command line: one subcommand per file in this folder.</summary>
internal static class KiteCommandLine
{
    /// <summary>Exit code for a command line that does not parse.</summary>
    public const int UsageError = 2;

    public static RootCommand Build()
    {
        var root = new RootCommand("Kite: runtime security for Kubernetes nodes (Falco-compatible rules, eBPF capture).");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(VersionCommand.Create());
        root.Subcommands.Add(ContainersCommand.Create());
        root.Subcommands.Add(RulesCommand.Create());
        root.Subcommands.Add(FieldsCommand.Create());
        root.Subcommands.Add(CaptureCommand.Create());
        return root;
    }

    public static int Invoke(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        var root = Build();
        ParseResult result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            // One line, like every other failure of this tool: operators grep logs.
            stderr.WriteLine($"kite: {result.Errors[0].Message} (see 'kite --help')");
            return UsageError;
        }
        return result.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }
}
