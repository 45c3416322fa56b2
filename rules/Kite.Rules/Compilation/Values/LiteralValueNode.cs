using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Values;

/// <summary>A literal argument (`"-"`), encoded once.</summary>
internal sealed class LiteralValueNode<TSource>(byte[] utf8) : ValueNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    public byte[] Utf8 { get; } = utf8;

    public override int Cost => 0;

    public override bool TryGetText(ref TSource source, out ReadOnlySpan<byte> value)
    {
        value = Utf8;
        return true;
    }
}
