namespace Kite.Rules.Syntax;

/// <summary>
/// Falco's textual list substitution (SPEC.md 2.7), bit-compatible: before a condition is parsed,
/// every list name delimited by start/end or one of <c>space TAB CR LF ( ) , =</c> is replaced by the
/// list's items joined with <c>", "</c> and surrounded by single spaces (adjacent blanks absorbed; an
/// empty list becomes one space and one adjacent comma is removed, left first). Lists are processed in index order and
/// the search resumes after the inserted text. Keeps a map from result offsets to original offsets
/// so parse errors still point at the author's text.
/// </summary>
internal static class ListSubstitution
{
    public readonly record struct Result(string Text, int[]? OffsetMap)
    {
        /// <summary>The offset in the original text of the character at <paramref name="offset"/> in the result.</summary>
        public int MapToOriginal(int offset)
        {
            if (OffsetMap is null)
                return offset;
            if (OffsetMap.Length == 0)
                return 0;
            return offset >= OffsetMap.Length ? OffsetMap[^1] + (offset - OffsetMap.Length + 1) : OffsetMap[Math.Max(0, offset)];
        }
    }

    /// <summary>Renders one list item as it is pasted into conditions: quoted if it has a space and no leading quote.</summary>
    public static string RenderItem(string item) =>
        item.Contains(' ') && !(item.StartsWith('"') || item.StartsWith('\'')) ? "\"" + item + "\"" : item;

    /// <param name="text">The condition text.</param>
    /// <param name="lists">Lists in index order: name and compiled items.</param>
    /// <param name="onUsed">Called with the index of each list that was substituted at least once.</param>
    public static Result Apply(string text, IReadOnlyList<(string Name, IReadOnlyList<string> Items)> lists, Action<int>? onUsed = null)
    {
        int[]? map = null;
        for (int li = 0; li < lists.Count; li++)
        {
            var (name, items) = lists[li];
            if (name.Length == 0 || text.IndexOf(name, StringComparison.Ordinal) < 0)
                continue;
            string? replacement = null;
            int searchFrom = 0;
            while (searchFrom <= text.Length - name.Length)
            {
                int at = text.IndexOf(name, searchFrom, StringComparison.Ordinal);
                if (at < 0)
                    break;
                int after = at + name.Length;
                if ((at > 0 && !IsDelimiter(text[at - 1])) || (after < text.Length && !IsDelimiter(text[after])))
                {
                    searchFrom = at + 1;
                    continue;
                }
                onUsed?.Invoke(li);
                replacement ??= items.Count == 0 ? " " : " " + string.Join(", ", items.Select(RenderItem)) + " ";
                int start = at, end = after;
                while (start > 0 && IsBlank(text[start - 1]))
                    start--;
                while (end < text.Length && IsBlank(text[end]))
                    end++;
                if (items.Count == 0)
                {
                    if (start > 0 && text[start - 1] == ',')
                        start--;
                    else if (end < text.Length && text[end] == ',')
                        end++;
                }
                map ??= Identity(text.Length);
                map = Splice(map, start, end, replacement.Length);
                text = string.Concat(text.AsSpan(0, start), replacement, text.AsSpan(end));
                searchFrom = start + replacement.Length;
            }
        }
        return new Result(text, map);
    }

    private static bool IsDelimiter(char c) => c is ' ' or '\t' or '\r' or '\n' or '(' or ')' or ',' or '=';

    private static bool IsBlank(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static int[] Identity(int length)
    {
        var map = new int[length];
        for (int i = 0; i < length; i++)
            map[i] = i;
        return map;
    }

    private static int[] Splice(int[] map, int start, int end, int insertedLength)
    {
        int origin = start < map.Length ? map[start] : (map.Length == 0 ? 0 : map[^1] + 1);
        var result = new int[map.Length - (end - start) + insertedLength];
        Array.Copy(map, 0, result, 0, start);
        // Inserted text maps to where the replaced run began.
        int nameOrigin = origin;
        Array.Fill(result, nameOrigin, start, insertedLength);
        Array.Copy(map, end, result, start + insertedLength, map.Length - end);
        return result;
    }
}
