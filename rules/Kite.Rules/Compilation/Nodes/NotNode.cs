using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Nodes;

internal sealed class NotNode<TSource>(ConditionNode<TSource> operand) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly ConditionNode<TSource> _operand = operand;

    // Negations are usually exclusions that hold for most events: test them after the positive checks.
    internal override int Cost => _operand.Cost + 8;

    public override bool Evaluate(ref TSource source) => !_operand.Evaluate(ref source);
}
