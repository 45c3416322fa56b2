using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Nodes;

/// <summary>`field exists`: the source can extract a value for this event.</summary>
internal sealed class ExistsNode<TSource>(FieldId id, FieldArgument argument, FieldType type, bool multi) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly FieldId _id = id;
    private readonly FieldArgument _argument = argument;

    internal override int Cost => 2;

    public override bool Evaluate(ref TSource source)
    {
        long cursor = 0;
        if (multi)
        {
            return type switch
            {
                FieldType.Int64 => source.TryGetNextInt64(_id, in _argument, ref cursor, out _),
                FieldType.UInt64 or FieldType.Port or FieldType.AbsTime or FieldType.RelTime => source.TryGetNextUInt64(_id, in _argument, ref cursor, out _),
                FieldType.IPAddress or FieldType.IPNet => source.TryGetNextAddress(_id, in _argument, ref cursor, out _),
                _ => source.TryGetNextString(_id, in _argument, ref cursor, out _),
            };
        }
        return type switch
        {
            FieldType.Int64 => source.TryGetInt64(_id, in _argument, out _),
            FieldType.UInt64 or FieldType.Port or FieldType.AbsTime or FieldType.RelTime => source.TryGetUInt64(_id, in _argument, out _),
            FieldType.Bool => source.TryGetBool(_id, in _argument, out _),
            FieldType.Double => source.TryGetDouble(_id, in _argument, out _),
            FieldType.IPAddress or FieldType.IPNet => source.TryGetAddress(_id, in _argument, out _),
            _ => source.TryGetString(_id, in _argument, out _),
        };
    }
}
