namespace Kite.Agent.Containers;

/// <summary>One mount of a container, from its OCI spec.</summary>
/// <param name="Mode">Relabel/mode flags where the runtime has them (Docker's "z"/"Z"); empty for OCI specs.</param>
/// <param name="Propagation">rprivate, rshared, rslave, private, shared, slave; empty when not set.</param>
internal sealed record ContainerMount(string Source, string Destination, string Type, string Mode, bool ReadWrite, string Propagation);
