using System.Collections.Immutable;

namespace Kite.Agent.Configuration;

/// <summary>`base_syscalls`: syscalls captured besides those the rules need.</summary>
internal sealed record BaseSyscallsConfig
{
    /// <summary>Names; a leading `!` removes a syscall from the set.</summary>
    public ImmutableArray<string> CustomSet { get; init; } = [];

    /// <summary>Add the syscalls the state engine needs to stay correct for the custom set.</summary>
    public bool Repair { get; init; }

    /// <summary>Capture every supported syscall.</summary>
    public bool All { get; init; }
}
