using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Nodes;

internal sealed class NotNode<TSource>(ConditionNode<TSource> operand) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly ConditionNode<TSource> _operand = operand;

    internal override int Cost => _operand.Cost;

    public override bool Evaluate(ref TSource source) => !_operand.Evaluate(ref source);
}
