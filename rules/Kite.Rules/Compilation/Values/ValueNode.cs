using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Values;

/// <summary>
/// Computes one transformer value for the current event (the evaluator of a <see cref="Binding.BoundValue"/>).
/// A node answers the getter of its shape only: <see cref="TryGetText"/>, <see cref="TryGetList"/> or
/// <see cref="TryGetNumber"/>; false means the value is missing (a field it needs is missing, or a
/// transformation failed), which makes every check on it false and renders it as `&lt;NA&gt;`.
/// </summary>
/// <remarks>
/// Nodes own their scratch storage (allocated at compile time, bounded by <see cref="ValueLimits"/>), so
/// a tree is used by one thread at a time, like the condition that holds it. A value returned by a node
/// stays valid until that node is evaluated again, except a text from a node whose <see cref="IsStable"/>
/// is false (a field read straight from the source), which is only valid until the source is read again.
/// </remarks>
internal abstract class ValueNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    /// <summary>False when <see cref="TryGetText"/> returns the source's own span, which the next read of the source may overwrite.</summary>
    public virtual bool IsStable => true;

    /// <summary>Relative evaluation cost (for ordering `and`/`or` operands).</summary>
    public virtual int Cost => 8;

    public virtual bool TryGetText(ref TSource source, out ReadOnlySpan<byte> value) => throw WrongShape();

    public virtual bool TryGetList(ref TSource source, out TextList list) => throw WrongShape();

    public virtual bool TryGetNumber(ref TSource source, out Int128 value) => throw WrongShape();

    private InvalidOperationException WrongShape() => new($"{GetType().Name} does not produce this kind of value (the binder checks shapes)");
}
