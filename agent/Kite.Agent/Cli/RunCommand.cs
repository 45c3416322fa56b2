using System.CommandLine;
using System.Runtime.InteropServices;
using Kite.Agent.Capture;
using Kite.Agent.Configuration;

namespace Kite.Agent.Cli;

/// <summary>`kite run`: load and attach the probe and consume events until SIGINT or SIGTERM.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Run the agent: capture syscalls, evaluate rules, emit alerts. Stops on Ctrl-C or SIGTERM.");
        var options = new RunOptions();
        options.AddTo(command);
        command.SetAction(parse =>
        {
            // The configuration is validated before anything attaches: a bad key stops here, one line, exit 1.
            if (options.TryLoad(parse, parse.InvocationConfiguration.Error) is not { } loaded)
                return 1;
            return Run(loaded.Config, parse.InvocationConfiguration.Error);
        });
        return command;
    }

    private static int Run(AgentConfig config, TextWriter log)
    {
        _ = config;
        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; stop.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.Cancel(); });

        ProbeSession probe;
        try
        {
            probe = ProbeSession.Open();
            probe.SetAllInteresting(true);
            probe.Attach();
        }
        catch (Exception e) when (e is ProbeException or DllNotFoundException)
        {
            log.WriteLine($"kite: {e.Message}");
            return 1;
        }

        using (probe)
        {
            log.WriteLine($"kite {BuildInfo.Version}: probe attached, capturing (Ctrl-C stops)");
            ulong total = 0;
            var lastReport = DateTime.UtcNow;
            while (!stop.IsCancellationRequested)
            {
                total += probe.DrainWithLibbpf(100);
                if (DateTime.UtcNow - lastReport >= TimeSpan.FromSeconds(10))
                {
                    var c = probe.ReadCounters();
                    log.WriteLine($"kite: events {total}, dropped (ring full) {c.DropsRingBufferFull}");
                    lastReport = DateTime.UtcNow;
                }
            }
            probe.Detach();
            var final = probe.ReadCounters();
            log.WriteLine($"kite: stopped; events {total}, dropped (ring full) {final.DropsRingBufferFull}");
        }
        return 0;
    }
}
