namespace Kite.Rules.Fields;

/// <summary>A CIDR network (`10.0.0.0/8`, `fe80::/10`): the RHS of checks on <see cref="FieldType.IPNet"/> fields.</summary>
public readonly record struct NetPrefix(NetAddress Network, int PrefixLength)
{
    /// <summary>Parses `address/bits`, or a plain address (a host network of full length).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out NetPrefix prefix)
    {
        prefix = default;
        int slash = text.IndexOf('/');
        ReadOnlySpan<char> addressText = slash < 0 ? text : text[..slash];
        if (!NetAddress.TryParse(addressText, out NetAddress address))
            return false;
        int bits = address.BitLength;
        if (slash >= 0)
        {
            if (!int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out bits) || bits > address.BitLength)
                return false;
        }
        prefix = new NetPrefix(address, bits);
        return true;
    }

    public bool Contains(in NetAddress address) => address.IsInNetwork(Network, PrefixLength);

    public override string ToString() => $"{Network}/{PrefixLength}";
}
