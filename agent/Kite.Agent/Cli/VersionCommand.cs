using System.CommandLine;
using Kite.Agent.Capture;

namespace Kite.Agent.Cli;

/// <summary>`kite version`: the agent version and the probe ABI version of the native shim.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the agent version and the eBPF probe's ABI version.");
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            string abi;
            try
            {
                abi = ProbeSession.AbiVersion().ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (DllNotFoundException)
            {
                abi = "unavailable (libkite.so not found: run make build or set KITE_NATIVE_DIR)";
            }
            output.WriteLine($"kite {BuildInfo.Version}");
            output.WriteLine($"probe ABI {abi}");
            return 0;
        });
        return command;
    }
}
