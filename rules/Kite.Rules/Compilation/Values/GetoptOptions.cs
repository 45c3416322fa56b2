namespace Kite.Rules.Compilation.Values;

/// <summary>
/// A getopt(3) optstring decoded into a table indexed by option byte: `ab:c::` declares `a` (no
/// argument), `b` (a required argument, attached `-bvalue` or the next word `-b value`) and `c` (an
/// optional argument, attached only, as in GNU getopt). A leading `:` makes a missing argument report
/// `:` instead of `?`; a leading `+` or `-` (GNU scanning modes) is accepted and ignored: scanning always
/// stops at the first non-option, as POSIX getopt does.
/// </summary>
internal sealed class GetoptOptions
{
    public const byte NotAnOption = 0, NoArgument = 1, RequiredArgument = 2, OptionalArgument = 3;

    private readonly byte[] _kinds = new byte[256];

    /// <summary>True when the optstring starts with `:` (after any `+`/`-`).</summary>
    public bool MissingArgumentIsColon { get; private set; }

    public static GetoptOptions Parse(ReadOnlySpan<byte> optString)
    {
        var options = new GetoptOptions();
        options.Reset(optString);
        return options;
    }

    /// <summary>Decodes <paramref name="optString"/> into this table (reused per event when the optstring is a field).</summary>
    public void Reset(ReadOnlySpan<byte> optString)
    {
        Array.Clear(_kinds);
        int i = 0;
        if (i < optString.Length && optString[i] is (byte)'+' or (byte)'-')
            i++;
        MissingArgumentIsColon = i < optString.Length && optString[i] == ':';
        if (MissingArgumentIsColon)
            i++;
        for (; i < optString.Length; i++)
        {
            byte option = optString[i];
            if (option == ':')
                continue;
            byte kind = NoArgument;
            if (i + 1 < optString.Length && optString[i + 1] == ':')
            {
                kind = RequiredArgument;
                i++;
                if (i + 1 < optString.Length && optString[i + 1] == ':')
                {
                    kind = OptionalArgument;
                    i++;
                }
            }
            _kinds[option] = kind;
        }
    }

    /// <summary><see cref="NotAnOption"/>, <see cref="NoArgument"/>, <see cref="RequiredArgument"/> or <see cref="OptionalArgument"/>.</summary>
    public byte KindOf(byte option) => option == ':' ? NotAnOption : _kinds[option];

    public bool IsOption(byte option) => KindOf(option) != NotAnOption;
}
