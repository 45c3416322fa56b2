using Kite.Rules.Loading;
using Kite.Rules.Output;

namespace Kite.Rules.Evaluation;

/// <summary>An enabled rule in a <see cref="RuleSet{TSource}"/>: what the agent needs to build an alert when it matches.</summary>
public sealed class CompiledRule
{
    internal CompiledRule(RuleInfo info, OutputTemplate output, int order)
    {
        Info = info;
        Output = output;
        Order = order;
    }

    public RuleInfo Info { get; }

    public string Name => Info.Name;

    public Priority Priority => Info.Priority;

    public string Source => Info.Source;

    /// <summary>Sorted, unique.</summary>
    public IReadOnlyCollection<string> Tags => Info.Tags;

    /// <summary>The output template, with the suggested output fields appended when enabled.</summary>
    public OutputTemplate Output { get; }

    /// <summary>Position in evaluation order.</summary>
    public int Order { get; }

    public override string ToString() => Name;
}
