using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Nodes;

internal sealed class ConstantNode<TSource>(bool value) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly bool _value = value;

    internal override int Cost => 0;

    public override bool Evaluate(ref TSource source) => _value;
}
