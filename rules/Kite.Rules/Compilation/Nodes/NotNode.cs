using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Nodes;

internal sealed class NotNode<TSource>(ConditionNode<TSource> operand) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly ConditionNode<TSource> _operand = operand;

    /// <summary>Negations are usually exclusions that hold for most events: test them after the positive checks.</summary>
    internal const int ExtraCost = 8;

    internal override int Cost => _operand.Cost + ExtraCost;

    public override bool Evaluate(ref TSource source) => !_operand.Evaluate(ref source);
}
