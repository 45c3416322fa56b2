namespace Kite.Rules.Loading;

/// <summary>
/// The text of a condition, output or description as assembled from YAML scalars: a definition,
/// then any appended parts (`append: true` joins with one space, as Falco does). Remembers which
/// scalar each character came from, so errors point into the right file and line.
/// </summary>
internal sealed class ConditionText
{
    private readonly List<(int Offset, ScalarOrigin Origin, int Bias)> _segments = [];

    public ConditionText(ScalarOrigin origin)
    {
        Text = origin.Value;
        _segments.Add((0, origin, 0));
    }

    private ConditionText(string text, List<(int, ScalarOrigin, int)> segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; private set; }

    public ScalarOrigin First => _segments[0].Origin;

    /// <summary>Returns a new text with ` ` + <paramref name="origin"/>'s value appended.</summary>
    public ConditionText Append(ScalarOrigin origin)
    {
        var segments = new List<(int, ScalarOrigin, int)>(_segments) { (Text.Length + 1, origin, 0) };
        return new ConditionText(Text + " " + origin.Value, segments);
    }

    /// <summary>Returns a new text with a generated suffix (exceptions) attributed to <paramref name="origin"/>.</summary>
    public ConditionText AppendGenerated(string suffix, ScalarOrigin origin)
    {
        var segments = new List<(int, ScalarOrigin, int)>(_segments) { (Text.Length, origin, int.MinValue) };
        return new ConditionText(Text + suffix, segments);
    }

    /// <summary>Returns `(` + this + `)`, keeping positions of the inner text.</summary>
    public ConditionText WrapInParentheses()
    {
        var segments = _segments.Select((s, i) => (s.Offset + (i == 0 ? 0 : 1), s.Origin, i == 0 ? s.Bias - 1 : s.Bias)).ToList();
        return new ConditionText("(" + Text + ")", segments);
    }

    public ConditionText Trimmed()
    {
        string trimmed = Text.Trim();
        if (trimmed.Length == Text.Length)
            return this;
        int lead = Text.Length - Text.TrimStart().Length;
        var segments = _segments.Select((s, i) => i == 0 ? (0, s.Origin, s.Bias + lead) : (s.Offset - lead, s.Origin, s.Bias)).ToList();
        return new ConditionText(trimmed, segments);
    }

    public SourceLocation Locate(int offset)
    {
        for (int i = _segments.Count - 1; i >= 0; i--)
        {
            var (start, origin, bias) = _segments[i];
            if (offset >= start || i == 0)
            {
                if (bias == int.MinValue)
                    return origin.Start; // generated text (exceptions): point at the item that produced it
                int inner = offset - start + bias;
                return inner <= origin.Value.Length ? origin.Locate(Math.Max(0, inner)) : origin.Start;
            }
        }
        return _segments[0].Origin.Start;
    }

    public override string ToString() => Text;
}
