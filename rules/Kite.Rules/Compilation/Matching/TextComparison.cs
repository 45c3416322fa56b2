using Kite.Rules.Binding;

namespace Kite.Rules.Compilation.Matching;

/// <summary>
/// One text compared with another text of the same event (`proc.name startswith val(proc.pname)`): the
/// operator applied with the right value as its constant, without building a matcher (nothing allocates).
/// </summary>
internal static class TextComparison
{
    public static bool Compare(ReadOnlySpan<byte> left, CheckOperator op, ReadOnlySpan<byte> right) => op switch
    {
        CheckOperator.Equal or CheckOperator.In or CheckOperator.Intersects => left.SequenceEqual(right),
        CheckOperator.NotEqual => !left.SequenceEqual(right),
        CheckOperator.Contains => left.IndexOf(right) >= 0,
        CheckOperator.IContains => IndexOfIgnoreAsciiCase(left, right) >= 0,
        CheckOperator.StartsWith => left.StartsWith(right),
        CheckOperator.EndsWith => left.EndsWith(right),
        CheckOperator.Glob => Glob.Match(right, left, false),
        CheckOperator.IGlob => Glob.Match(right, left, true),
        CheckOperator.Less => left.SequenceCompareTo(right) < 0,
        CheckOperator.LessOrEqual => left.SequenceCompareTo(right) <= 0,
        CheckOperator.Greater => left.SequenceCompareTo(right) > 0,
        CheckOperator.GreaterOrEqual => left.SequenceCompareTo(right) >= 0,
        _ => false,
    };

    private static int IndexOfIgnoreAsciiCase(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle)
    {
        for (int i = 0; i <= haystack.Length - needle.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && AsciiCase.Lower(haystack[i + j]) == AsciiCase.Lower(needle[j]))
                j++;
            if (j == needle.Length)
                return i;
        }
        return -1;
    }
}
