using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Nodes;

/// <summary>`evt.type = X` / `in (...)` / `!=`: a bit test on the event-type code, no string compare.</summary>
internal sealed class EventTypeNode<TSource>(bool[] codes, bool outOfRange) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly bool[] _codes = codes;
    private readonly bool _outOfRange = outOfRange;

    internal override int Cost => 1;

    public override bool Evaluate(ref TSource source)
    {
        ushort type = source.EventType;
        return type < _codes.Length ? _codes[type] : _outOfRange;
    }
}
