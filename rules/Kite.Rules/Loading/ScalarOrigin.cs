using YamlDotNet.Core;

namespace Kite.Rules.Loading;

/// <summary>
/// Where a YAML scalar came from, so an offset inside its value (e.g. a syntax error inside a
/// folded multi-line condition) maps back to the exact file:line:column the author sees.
/// </summary>
internal sealed class ScalarOrigin
{
    public ScalarOrigin(RuleFileText file, int startIndex, int endIndex, ScalarStyle style, string value)
    {
        File = file;
        StartIndex = startIndex;
        EndIndex = endIndex;
        Style = style;
        Value = value;
    }

    public RuleFileText File { get; }
    public int StartIndex { get; }
    public int EndIndex { get; }
    public ScalarStyle Style { get; }
    public string Value { get; }

    public SourceLocation Start => File.Locate(StartIndex);

    /// <summary>The position of the character at <paramref name="valueOffset"/> of the scalar's value.</summary>
    public SourceLocation Locate(int valueOffset)
    {
        valueOffset = Math.Clamp(valueOffset, 0, Value.Length);
        string content = File.Content;
        int start = Math.Clamp(StartIndex, 0, content.Length);
        int end = Math.Clamp(EndIndex, start, content.Length);
        if (Style is ScalarStyle.Literal or ScalarStyle.Folded)
        {
            int newline = content.IndexOf('\n', start, end - start);
            start = newline < 0 ? end : newline + 1;
        }
        else if (Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted)
        {
            start = Math.Min(start + 1, end);
        }

        // Whitespace is what YAML folding rewrites; non-blank characters appear in the value in source
        // order, so count them. Escapes in quoted scalars make this approximate, never wrong by a line.
        int wanted = 0;
        for (int i = 0; i < valueOffset; i++)
        {
            if (!char.IsWhiteSpace(Value[i]))
                wanted++;
        }
        int seen = 0;
        for (int i = start; i < end; i++)
        {
            if (char.IsWhiteSpace(content[i]))
                continue;
            if (seen == wanted)
                return File.Locate(i);
            seen++;
        }
        return File.Locate(end);
    }
}
