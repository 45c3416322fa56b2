namespace Kite.Agent.Containers;

/// <summary>Outcome of one runtime lookup.</summary>
internal readonly record struct ContainerLookupResult(ContainerLookupStatus Status, ContainerRuntimeRecord? Record, string? Error)
{
    public static ContainerLookupResult Found(ContainerRuntimeRecord record) => new(ContainerLookupStatus.Found, record, null);

    public static ContainerLookupResult NotFound() => new(ContainerLookupStatus.NotFound, null, null);

    public static ContainerLookupResult Unavailable(string error) => new(ContainerLookupStatus.Unavailable, null, error);
}

internal enum ContainerLookupStatus
{
    Found,
    /// <summary>The runtime answered and does not know the id.</summary>
    NotFound,
    /// <summary>The runtime could not be asked (socket missing, refused, restarting, timed out).</summary>
    Unavailable,
}
