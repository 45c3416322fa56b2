namespace Kite.Rules.Compilation.Matching;

/// <summary>A compiled predicate over one text (UTF-8) or byte value; built at load time, allocation-free when called.</summary>
internal abstract class TextMatcher
{
    public abstract bool Matches(ReadOnlySpan<byte> value);

    public virtual int Cost => 3;
}
