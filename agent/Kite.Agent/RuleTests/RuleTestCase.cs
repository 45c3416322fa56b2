namespace Kite.Agent.RuleTests;

/// <summary>
/// One case of a rule test file: a synthetic event of one source and the rules expected to fire
/// (<see cref="Fires"/>) or to stay silent (<see cref="DoesNotFire"/>) on it.
/// </summary>
internal sealed class RuleTestCase
{
    public required string Name { get; init; }

    /// <summary>Where the case starts: `file:line:column`.</summary>
    public required RuleTestLocation Location { get; init; }

    /// <summary>`syscall` (default) or `k8s_audit`.</summary>
    public required string Source { get; init; }

    /// <summary>Syscall events: field values in file order (a sequence gives several values).</summary>
    public IReadOnlyList<RuleTestField> Fields { get; init; } = [];

    /// <summary>k8s_audit events: the audit Event object as JSON text.</summary>
    public string? AuditEventJson { get; init; }

    public IReadOnlyList<string> Fires { get; init; } = [];

    public IReadOnlyList<string> DoesNotFire { get; init; } = [];
}

/// <summary>One `field: value` (or `field: [values]`) line of a syscall test event.</summary>
internal sealed record RuleTestField(string Field, IReadOnlyList<string> Values, bool IsSequence, RuleTestLocation Location);

/// <summary>A position in a rule test file, 1-based, printed as `file:line:column`.</summary>
internal readonly record struct RuleTestLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
