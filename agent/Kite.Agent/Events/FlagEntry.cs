namespace Kite.Agent.Events;

/// <summary>
/// One named value of a <see cref="FlagTable"/>: it matches a raw kernel value when
/// <c>(value &amp; Mask) == Value</c> (Mask == Value for a plain bit; a wider mask for
/// multi-bit fields such as the open access mode, where O_RDONLY is 0 under mask 3).
/// </summary>
internal readonly record struct FlagEntry(string Name, ulong Value, ulong Mask)
{
    public FlagEntry(string name, ulong bit)
        : this(name, bit, bit)
    {
    }
}
