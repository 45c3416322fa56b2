using System.Text;
using Kite.Rules.Compilation.Values;
using Kite.Rules.Evaluation;
using Kite.Rules.Fields.Synthetic;
using Kite.Rules.Loading;
using static Kite.Rules.Tests.RuleTestHelpers;

namespace Kite.Rules.Tests.Evaluation;

/// <summary>
/// Field-to-field comparisons (`val()`), `icontains`, the single-field transformers and `regex` size their
/// scratch storage when the rule is compiled (<see cref="ValueLimits"/>): long values allocate nothing, from
/// the first one on, and a value past the bound is cut to its first <see cref="ValueLimits.MaxTextBytes"/> bytes.
/// </summary>
public class LongValueAllocationTests
{
    private const int Repetitions = 40;

    // Past the old 512-byte stack copy, at the bound, and past the bound.
    private static readonly int[] s_lengths = [600, ValueLimits.MaxTextBytes, ValueLimits.MaxTextBytes + 4000];

    private static readonly string[] s_conditions =
    [
        "proc.args = val(proc.pname)",
        "proc.args != val(proc.pname)",
        "proc.args startswith val(proc.pname)",
        "proc.args icontains val(proc.pname)",
        "proc.args glob val(proc.pname)",
        "proc.args < val(proc.pname)",
        "proc.args = tolower(proc.pname)",
        "toupper(proc.args) icontains val(proc.pname)",
        "proc.args icontains XYZ",
        "tolower(proc.args) contains xyz",
        "toupper(proc.args) startswith AAA",
        "b64(basename(fd.name)) startswith hello",
        "len(tolower(proc.args)) > 500",
        "len(proc.args) >= len(tolower(proc.pname))",
        "proc.args regex 'a+xyz'",
        "tolower(proc.args) regex 'a+xyz'",
    ];

    [Fact]
    public void LongValuesAllocateNothingFromTheFirstEvaluation()
    {
        RuleSet<SyntheticFieldSource> set = CompileAll();
        var matches = new CompiledRule?[s_conditions.Length];
        SyntheticEvent[] shortEvents = [LongEvent(8), LongEvent(100)];
        SyntheticEvent[] longEvents = [.. s_lengths.Select(LongEvent)];

        // Warm up on short values only: the first long value must find its buffers already there.
        Assert.True(Run(set, shortEvents, matches, 2_000) > 0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int matched = Run(set, longEvents, matches, Repetitions * longEvents.Length);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(matched > Repetitions * longEvents.Length, $"expected several rules to match per event, got {matched}");
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData("proc.args = val(proc.pname)", true, false)]
    [InlineData("proc.args startswith val(proc.pname)", true, false)]
    [InlineData("proc.args icontains val(proc.pname)", true, false)]
    [InlineData("proc.args > val(proc.pname)", false, false)]
    [InlineData("proc.args < val(proc.pname)", false, true)]
    [InlineData("tolower(proc.args) contains xyz", true, false)]
    [InlineData("toupper(proc.args) startswith AAA", true, true)]
    [InlineData("proc.args regex 'a+xyz'", true, false)]
    [InlineData("proc.args regex 'a+xy'", false, true)]
    public void ValuesAreSeenWholeUpToTheBoundAndCutPastIt(string condition, bool atBound, bool pastBound)
    {
        Assert.Equal(atBound, Evaluate(condition, LongEvent(ValueLimits.MaxTextBytes)));
        Assert.Equal(pastBound, Evaluate(condition, LongEvent(ValueLimits.MaxTextBytes + 1)));
    }

    // proc.args and proc.pname: `length` bytes, "aaa...axyz"; fd.name: a path whose last component is the
    // base64 of "hello" followed by enough text to make it `length` bytes long.
    private static SyntheticEvent LongEvent(int length)
    {
        string args = new string('a', Math.Max(length - 3, 1)) + "xyz";
        string decoded = "hello" + new string('.', Math.Max(length * 3 / 4 - 5, 0));
        string encoded = Convert.ToBase64String(Encoding.ASCII.GetBytes(decoded)).TrimEnd('=');
        return Event().Set("proc.args", args).Set("proc.pname", args).Set("fd.name", "/tmp/" + encoded);
    }

    private static RuleSet<SyntheticFieldSource> CompileAll()
    {
        var yaml = new StringBuilder();
        for (int i = 0; i < s_conditions.Length; i++)
            yaml.Append($"- rule: r{i}\n  desc: d\n  condition: 'evt.type = open and {s_conditions[i].Replace("'", "''")}'\n  output: o\n  priority: INFO\n");
        LoadResult result = Load(yaml.ToString());
        Assert.False(result.HasErrors, string.Join("\n", result.Errors));
        return result.Compile<SyntheticFieldSource>("syscall", options: new RuleSetOptions { Matching = RuleMatching.All });
    }

    private static int Run(RuleSet<SyntheticFieldSource> set, SyntheticEvent[] events, CompiledRule?[] matches, int count)
    {
        int matched = 0;
        for (int i = 0; i < count; i++)
        {
            var source = new SyntheticFieldSource(events[i % events.Length]);
            matched += set.Evaluate(ref source, matches);
        }
        return matched;
    }
}
