using System.CommandLine;
using Kite.Agent.Configuration;
using Kite.Agent.Hosting;

namespace Kite.Agent.Cli;

/// <summary>`kite run`: the daemon. Loads and validates the configuration, then hands over to <see cref="AgentHost"/>.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Run the agent: capture syscalls, evaluate rules, emit alerts. Stops on Ctrl-C or SIGTERM; SIGHUP reloads the rules.");
        var options = new RunOptions();
        options.AddTo(command);
        command.SetAction(parse =>
        {
            TextWriter log = parse.InvocationConfiguration.Error;
            // The configuration is validated before anything attaches: a bad key stops here, one line, exit 1.
            if (options.TryLoad(parse, log) is not { } loaded)
                return 1;
            var host = new AgentHost(loaded.Config, () => options.Load(parse), log);
            try
            {
                return host.RunAsync().GetAwaiter().GetResult();
            }
            finally
            {
                host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        });
        return command;
    }
}
