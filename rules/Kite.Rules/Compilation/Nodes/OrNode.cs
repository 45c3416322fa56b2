using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Nodes;

/// <summary>True when any operand is true; stops at the first true operand.</summary>
internal sealed class OrNode<TSource>(ConditionNode<TSource>[] operands) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly ConditionNode<TSource>[] _operands = operands;

    internal override int Cost => _operands.Sum(o => o.Cost);

    /// <summary>The operands in evaluation order.</summary>
    internal IReadOnlyList<ConditionNode<TSource>> Operands => _operands;

    public override bool Evaluate(ref TSource source)
    {
        foreach (ConditionNode<TSource> operand in _operands)
        {
            if (operand.Evaluate(ref source))
                return true;
        }
        return false;
    }
}
