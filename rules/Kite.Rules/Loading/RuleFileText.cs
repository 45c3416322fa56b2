namespace Kite.Rules.Loading;

/// <summary>The text of one rules file, with a line index for mapping character offsets to positions.</summary>
internal sealed class RuleFileText
{
    private int[]? _lineStarts;

    public RuleFileText(string name, string content)
    {
        Name = name;
        Content = content;
    }

    public string Name { get; }

    public string Content { get; }

    public SourceLocation Locate(int index)
    {
        _lineStarts ??= ComputeLineStarts(Content);
        index = Math.Clamp(index, 0, Content.Length);
        int line = Array.BinarySearch(_lineStarts, index);
        if (line < 0)
            line = ~line - 1;
        return new SourceLocation(Name, line + 1, index - _lineStarts[line] + 1);
    }

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
                starts.Add(i + 1);
        }
        return [.. starts];
    }
}
