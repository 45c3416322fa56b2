using Kite.Rules.Fields;

namespace Kite.Rules.Compilation.Nodes;

/// <summary>
/// Address equality / membership: a set of addresses and a list of networks (either may be empty);
/// <paramref name="invert"/> tests `!=` per value (a candidate of an any-value field that differs).
/// </summary>
internal sealed class AddressTest(HashSet<NetAddress> addresses, NetPrefix[] networks, bool invert = false)
{
    public bool Test(in NetAddress value) => Contains(value) != invert;

    private bool Contains(in NetAddress value)
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

/// <summary>
/// `fd.sip.name = host` / `in (hosts)`: true when the fd's address (read through the paired address field)
/// is one of the addresses the names resolve to in the DNS cache. `!=` is true only when it is none of them.
/// </summary>
internal sealed class HostNameNode<TSource>(FieldId addressId, HostNameSet hosts, bool negate) : ConditionNode<TSource>
    where TSource : IFieldSource, allows ref struct
{
    private readonly FieldArgument _argument = FieldArgument.None;

    internal override int Cost => 4;

    public override bool Evaluate(ref TSource source) =>
        source.TryGetAddress(addressId, in _argument, out NetAddress v) && hosts.Contains(v) != negate;
}
