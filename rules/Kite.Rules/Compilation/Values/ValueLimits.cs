namespace Kite.Rules.Compilation.Values;

/// <summary>
/// The bounds of the scratch storage of computed values (`concat`, `join`, `getopt`, and the
/// one-argument transformers applied to them). Each value node allocates its buffers once, when the
/// rule is compiled, at these sizes; evaluation then never allocates. <see cref="MaxTextBytes"/> also
/// sizes the buffers of the single-field transformers (<see cref="Transformation"/>), of the left value
/// of a field-to-field comparison and of `regex` (<see cref="Matching.RegexMatcher"/>).
/// </summary>
/// <remarks>
/// Beyond the bounds values are cut, not dropped: a text longer than <see cref="MaxTextBytes"/> keeps
/// its first <see cref="MaxTextBytes"/> bytes (so `startswith`/`contains` still see the beginning, and
/// `=` against a longer constant is false), and a list keeps its first <see cref="MaxListItems"/>
/// elements (a longer command line is parsed by `getopt` up to there; `join` joins those). The text
/// bound is the largest command line the probe can capture (16 KiB, `KITE_MAX_ARGS_BOUND`).
/// </remarks>
internal static class ValueLimits
{
    /// <summary>Bytes of one computed text value (and of the text data of one computed list).</summary>
    public const int MaxTextBytes = 16 * 1024;

    /// <summary>Elements of one computed list (a list field read for a transformer, getopt's words and results).</summary>
    public const int MaxListItems = 1024;
}
