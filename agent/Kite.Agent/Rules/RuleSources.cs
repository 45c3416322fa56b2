using Kite.Agent.Audit;
using Kite.Agent.Fields;
using Kite.Rules.Fields;

namespace Kite.Agent.Rules;

/// <summary>The event sources the agent provides to the rule engine: one field catalog each.</summary>
internal static class RuleSources
{
    /// <summary>Every source's catalog; rules of other sources load with a LOAD_UNKNOWN_SOURCE warning.</summary>
    public static IReadOnlyList<FieldCatalog> Catalogs { get; } =
    [
        SyscallFieldCatalog.Instance,
        AuditFieldCatalog.Instance,
    ];

    public static FieldCatalog? Find(string source) => Catalogs.FirstOrDefault(c => c.SourceName == source);
}
