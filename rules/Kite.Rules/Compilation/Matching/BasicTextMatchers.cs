using System.Text;

namespace Kite.Rules.Compilation.Matching;

internal sealed class EqualsMatcher(byte[] expected) : TextMatcher
{
    public byte[] Expected => expected;
    public override int Cost => 2;
    public override bool Matches(ReadOnlySpan<byte> value) => value.SequenceEqual(expected);
}

/// <summary>`in (...)` over a hash table: O(1) per value whatever the list size.</summary>
internal sealed class SetMatcher(IEnumerable<byte[]> items) : TextMatcher
{
    private readonly Utf8Lookup _lookup = Utf8Lookup.Set(items);

    public override int Cost => 3;
    public override bool Matches(ReadOnlySpan<byte> value) => _lookup.Contains(value);
}

internal sealed class ContainsMatcher(byte[] needle) : TextMatcher
{
    public byte[] Needle => needle;
    public override int Cost => 5;
    public override bool Matches(ReadOnlySpan<byte> value) => value.IndexOf(needle) >= 0;
}

/// <summary>ASCII case-insensitive substring (`icontains`).</summary>
internal sealed class IContainsMatcher(byte[] needle) : TextMatcher
{
    private readonly byte[] _lower = AsciiCase.ToLower(needle);
    private readonly byte[] _upper = AsciiCase.ToUpper(needle);

    public override int Cost => 7;

    public override bool Matches(ReadOnlySpan<byte> value)
    {
        if (_lower.Length == 0)
            return true;
        int last = value.Length - _lower.Length;
        for (int i = 0; i <= last; i++)
        {
            byte c = value[i];
            if (c != _lower[0] && c != _upper[0])
                continue;
            int j = 1;
            while (j < _lower.Length && (value[i + j] == _lower[j] || value[i + j] == _upper[j]))
                j++;
            if (j == _lower.Length)
                return true;
        }
        return false;
    }
}

internal sealed class StartsWithMatcher(byte[] prefix) : TextMatcher
{
    public byte[] Prefix => prefix;
    public override int Cost => 2;
    public override bool Matches(ReadOnlySpan<byte> value) => value.StartsWith(prefix);
}

internal sealed class EndsWithMatcher(byte[] suffix) : TextMatcher
{
    public byte[] Suffix => suffix;
    public override int Cost => 2;
    public override bool Matches(ReadOnlySpan<byte> value) => value.EndsWith(suffix);
}

/// <summary>`&lt; &lt;= &gt; &gt;=` on strings: byte-wise comparison (strcmp).</summary>
internal sealed class OrderMatcher(byte[] constant, Binding.CheckOperator op) : TextMatcher
{
    public override bool Matches(ReadOnlySpan<byte> value)
    {
        int c = value.SequenceCompareTo(constant);
        return op switch
        {
            Binding.CheckOperator.Less => c < 0,
            Binding.CheckOperator.LessOrEqual => c <= 0,
            Binding.CheckOperator.Greater => c > 0,
            _ => c >= 0,
        };
    }
}

/// <summary>`OP oneof/anyof/allof (list)`: apply OP against each element; oneof = exactly one matches.</summary>
internal sealed class ModifierMatcher(TextMatcher[] matchers, Binding.ListModifier modifier) : TextMatcher
{
    public override int Cost => matchers.Sum(m => m.Cost);

    public override bool Matches(ReadOnlySpan<byte> value)
    {
        int matched = 0;
        foreach (TextMatcher m in matchers)
        {
            if (m.Matches(value))
            {
                matched++;
                if (modifier == Binding.ListModifier.AnyOf || (modifier == Binding.ListModifier.OneOf && matched > 1))
                    return modifier == Binding.ListModifier.AnyOf;
            }
            else if (modifier == Binding.ListModifier.AllOf)
            {
                return false;
            }
        }
        return modifier switch
        {
            Binding.ListModifier.AllOf => true,
            Binding.ListModifier.OneOf => matched == 1,
            _ => matched > 0,
        };
    }
}

/// <summary>
/// Full-match regular expression on the value decoded as UTF-8, into characters the matcher owns (sized
/// when the rule is compiled): a value longer than <see cref="Values.ValueLimits.MaxTextBytes"/> is matched
/// on its first <see cref="Values.ValueLimits.MaxTextBytes"/> bytes (cut before a whole character).
/// </summary>
internal sealed class RegexMatcher : TextMatcher
{
    private readonly System.Text.RegularExpressions.Regex _regex;
    private readonly char[] _scratch = new char[Encoding.UTF8.GetMaxCharCount(Values.ValueLimits.MaxTextBytes)];

    public RegexMatcher(string pattern) =>
        _regex = new System.Text.RegularExpressions.Regex("^(?:" + pattern + ")$", System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.NonBacktracking);

    public override int Cost => 30;

    public override bool Matches(ReadOnlySpan<byte> value)
    {
        if (value.Length > Values.ValueLimits.MaxTextBytes)
        {
            int cut = Values.ValueLimits.MaxTextBytes;
            while (cut > 0 && (value[cut] & 0xC0) == 0x80)
                cut--;
            value = value[..cut];
        }
        int n = Encoding.UTF8.GetChars(value, _scratch);
        return _regex.IsMatch(_scratch.AsSpan(0, n));
    }
}

internal static class AsciiCase
{
    public static byte[] ToLower(ReadOnlySpan<byte> s)
    {
        var r = s.ToArray();
        for (int i = 0; i < r.Length; i++)
            if (r[i] is >= (byte)'A' and <= (byte)'Z') r[i] += 32;
        return r;
    }

    public static byte[] ToUpper(ReadOnlySpan<byte> s)
    {
        var r = s.ToArray();
        for (int i = 0; i < r.Length; i++)
            if (r[i] is >= (byte)'a' and <= (byte)'z') r[i] -= 32;
        return r;
    }

    public static byte Lower(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + 32) : b;
}
