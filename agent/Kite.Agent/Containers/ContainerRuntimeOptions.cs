namespace Kite.Agent.Containers;

/// <summary>Where and how to reach the container runtimes (config section `container_engines`).</summary>
internal sealed record ContainerRuntimeOptions
{
    /// <summary>containerd sockets tried, in order; each is also looked for under <see cref="HostRoot"/>.</summary>
    public IReadOnlyList<string> ContainerdSockets { get; init; } =
        ["/run/containerd/containerd.sock", "/run/k3s/containerd/containerd.sock", "/run/host-containerd/containerd.sock"];

    /// <summary>containerd namespaces searched for a container id (header containerd-namespace), in order.</summary>
    public IReadOnlyList<string> ContainerdNamespaces { get; init; } = ["k8s.io"];

    /// <summary>Where the host's filesystem is mounted when the agent runs in a container (HOST_ROOT, e.g. /host); "" on the host.</summary>
    public string HostRoot { get; init; } = Environment.GetEnvironmentVariable("HOST_ROOT") ?? "";

    /// <summary>Deadline of one runtime API call.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The /proc of the host (for the start time of a container's init process).</summary>
    public string ProcRoot => Path.Join(HostRoot, "/proc");

    /// <summary>
    /// The socket paths to use: each configured path under HOST_ROOT when that exists, else as given.
    /// Missing sockets stay in the list: a runtime may start after the agent.
    /// </summary>
    public IReadOnlyList<string> ResolveContainerdSockets()
    {
        var result = new List<string>();
        foreach (string socket in ContainerdSockets)
        {
            string underHost = HostRoot.Length > 0 ? Path.Join(HostRoot, socket) : socket;
            string chosen = HostRoot.Length > 0 && (File.Exists(underHost) || !File.Exists(socket)) ? underHost : socket;
            if (!result.Contains(chosen))
                result.Add(chosen);
        }
        return result;
    }

    /// <summary>One client per containerd socket.</summary>
    public IReadOnlyList<IContainerRuntimeClient> CreateClients()
        => ResolveContainerdSockets().Select(s => (IContainerRuntimeClient)new Containerd.ContainerdClient(s, this)).ToArray();
}
