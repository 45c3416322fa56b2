using System.CommandLine;
using Kite.Agent.Containers;

namespace Kite.Agent.Cli;

/// <summary>
/// `kite containers`: the agent's view of this node's containers — the ids found in /proc cgroups, with
/// what the runtime says about each (name, image, pod, namespace). For debugging &lt;NA&gt; fields.
/// </summary>
internal static class ContainersCommand
{
    public static Command Create()
    {
        var sockets = new Option<string[]>("--socket") { Description = "containerd socket to ask (repeatable; default: the usual containerd/k3s sockets, also under HOST_ROOT)", AllowMultipleArgumentsPerToken = false };
        var namespaces = new Option<string[]>("--namespace") { Description = "containerd namespace to search (repeatable; default k8s.io)" };
        var procRoot = new Option<string?>("--proc") { Description = "proc filesystem to scan (default /proc, or $HOST_ROOT/proc)" };
        var command = new Command("containers", "Print the containers running on this node as the agent sees them (cgroups + runtime metadata).")
        {
            sockets, namespaces, procRoot,
        };
        command.SetAction((parse, ct) => RunAsync(
            parse.GetValue(sockets) ?? [], parse.GetValue(namespaces) ?? [], parse.GetValue(procRoot),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    private static async Task<int> RunAsync(string[] sockets, string[] namespaces, string? procRoot, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var options = new ContainerRuntimeOptions();
        if (sockets.Length > 0)
            options = options with { ContainerdSockets = sockets };
        if (namespaces.Length > 0)
            options = options with { ContainerdNamespaces = namespaces };

        IReadOnlyList<ProcContainerScanner.Sighting> sightings = ProcContainerScanner.Scan(procRoot ?? options.ProcRoot);
        IReadOnlyList<IContainerRuntimeClient> runtimes = options.CreateClients();
        try
        {
            foreach (IContainerRuntimeClient runtime in runtimes)
            {
                try
                {
                    string version = await runtime.GetVersionAsync(ct).ConfigureAwait(false);
                    stderr.WriteLine($"kite: {runtime.Name}: version {version}");
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    stderr.WriteLine($"kite: {runtime.Name}: not reachable ({Containers.Containerd.ContainerdClient.Describe(e)})");
                }
            }

            stdout.WriteLine($"{"CONTAINER ID",-13} {"PROCS",5} {"RUNTIME",-10} {"NAME",-24} {"IMAGE",-44} {"POD",-32} NAMESPACE");
            foreach (ProcContainerScanner.Sighting s in sightings)
            {
                ContainerRuntimeRecord? record = null;
                string state = "not found";
                foreach (IContainerRuntimeClient runtime in runtimes)
                {
                    ContainerLookupResult result = await runtime.LookupAsync(s.Id, ct).ConfigureAwait(false);
                    if (result.Status == ContainerLookupStatus.Found)
                    {
                        record = result.Record;
                        break;
                    }
                    if (result.Status == ContainerLookupStatus.Unavailable && state == "not found")
                        state = "runtime unavailable";
                }
                ContainerMetadata? m = record is null ? null : ContainerMetadata.FromRecord(record);
                stdout.WriteLine(string.Join(' ',
                    s.Id.ToString().PadRight(13),
                    s.ProcessCount.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(5),
                    (record?.Runtime ?? RuntimeName(s.RuntimeHint)).PadRight(10),
                    Text(m?.Name, record is null ? $"<{state}>" : "<NA>").PadRight(24),
                    Text(m?.Image).PadRight(44),
                    Text(m?.PodName).PadRight(32),
                    Text(m?.PodNamespace)));
            }
            stderr.WriteLine($"kite: {sightings.Count} container(s) with running processes");
            return 0;
        }
        finally
        {
            foreach (IContainerRuntimeClient runtime in runtimes)
                runtime.Dispose();
        }
    }

    private static string RuntimeName(ContainerRuntimeKind kind) => kind switch
    {
        ContainerRuntimeKind.Docker => "docker",
        ContainerRuntimeKind.Containerd => "containerd",
        ContainerRuntimeKind.CriO => "cri-o",
        ContainerRuntimeKind.Podman => "podman",
        _ => "?",
    };

    private static string Text(byte[]? utf8, string missing = "<NA>") => utf8 is null ? missing : System.Text.Encoding.UTF8.GetString(utf8);
}
