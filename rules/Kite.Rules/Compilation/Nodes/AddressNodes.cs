using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Nodes;

/// <summary>Address equality / membership: a set of addresses and a list of networks (either may be empty).</summary>
internal sealed class AddressTest(HashSet<NetAddress> addresses, NetPrefix[] networks)
{
    public bool Test(in NetAddress value)
    {
        if (addresses.Contains(value))
            return true;
        foreach (NetPrefix n in networks)
        {
            if (n.Contains(value))
                return true;
        }
        return false;
    }
}

internal sealed class AddressNode<TSource>(FieldId id, FieldArgument argument, AddressTest test, bool negate) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly FieldId _id = id;
    private readonly FieldArgument _argument = argument;

    internal override int Cost => 3;

    public override bool Evaluate(ref TSource source) => source.TryGetAddress(_id, in _argument, out NetAddress v) && test.Test(v) != negate;
}

/// <summary>`fd.ip`/`fd.net` (either endpoint): `=`/`in` true if a side matches; `!=` true only if no side matches.</summary>
internal sealed class MultiAddressNode<TSource>(FieldId id, FieldArgument argument, AddressTest test, FieldMode mode, bool negate) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly FieldId _id = id;
    private readonly FieldArgument _argument = argument;

    internal override int Cost => 6;

    public override bool Evaluate(ref TSource source)
    {
        long cursor = 0;
        bool any = false;
        while (source.TryGetNextAddress(_id, in _argument, ref cursor, out NetAddress v))
        {
            any = true;
            bool ok = test.Test(v);
            if (mode == FieldMode.All ? !ok : ok)
                return mode == FieldMode.All ? false : !negate;
        }
        return any && (mode == FieldMode.All || negate);
    }
}
