namespace Kite.Agent.Containers;

/// <summary>A container runtime the resolver can ask about a container (containerd today; CRI-O/Docker fit here).</summary>
internal interface IContainerRuntimeClient : IDisposable
{
    /// <summary>For logs and `kite containers`, e.g. "containerd /run/containerd/containerd.sock".</summary>
    string Name { get; }

    /// <summary>Looks one container up. Never throws for an unreachable runtime: that is a result.</summary>
    Task<ContainerLookupResult> LookupAsync(ContainerId id, CancellationToken cancellationToken);

    /// <summary>Every container the runtime holds (all configured namespaces). Throws when unreachable.</summary>
    Task<IReadOnlyList<ContainerRuntimeRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The runtime's version string. Throws when unreachable.</summary>
    Task<string> GetVersionAsync(CancellationToken cancellationToken);
}
