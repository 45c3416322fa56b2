using Kite.Rules.Fields;

namespace Kite.Rules.Compilation;

/// <summary>
/// A compiled condition: a tree of evaluator nodes built once at load time. <see cref="Evaluate"/> is
/// the per-event hot path: it reads fields through <typeparamref name="TSource"/> (a ref struct, called
/// without boxing or interface dispatch), short-circuits, and allocates nothing.
/// </summary>
/// <remarks>Nodes may own scratch buffers (transformers, regex): a compiled tree is used by one thread at a time.</remarks>
public abstract class ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    public abstract bool Evaluate(ref TSource source);

    /// <summary>Relative evaluation cost, used to order `and`/`or` operands cheap-first.</summary>
    internal virtual int Cost => 4;
}
