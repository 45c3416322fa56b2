using System.Text;
using Kite.Rules.Evaluation;
using Kite.Rules.Fields.Synthetic;
using Kite.Rules.Loading;
using static Kite.Rules.Tests.RuleTestHelpers;

namespace Kite.Rules.Tests.Evaluation;

public class TransformerAllocationTests
{
    private const int Evaluations = 15_000;

    private static readonly string[] s_conditions =
    [
        "concat(proc.name, \"-\", proc.pname) = bash-sshd",
        "join(\",\", (proc.name, proc.pname)) startswith \"bash,\"",
        "join(\",\", ka.images) contains redis",
        "getopt(proc.args, \"ab:c\")[b] = /tmp/x",
        "getopt(proc.args, \"ab:c\") intersects (c)",
        "len(getopt(proc.args, \"ab:c\")) > 2",
        "getopt(proc.args, proc.pname)[s] exists",
        "tolower(concat(proc.name, \"X\")) = val(proc.pname)",
        "proc.pname in getopt(ka.images, \"ab:\")",
        "proc.pname in val(ka.images)",
        "b64(concat(\"aGVs\", \"bG8\")) = hello",
        "len(ka.images) = 2",
        "toupper(basename(getopt(proc.args, \"ab:c\")[b])) = X",
        "concat(proc.name, proc.pname) != val(proc.args)",
        "join(proc.pname, getopt(proc.args, \"ab:c\")) icontains val(proc.name)",
    ];

    [Fact]
    public void EvaluatingTransformerConditionsAllocatesNothing()
    {
        var yaml = new StringBuilder();
        for (int i = 0; i < s_conditions.Length; i++)
            yaml.Append($"- rule: r{i}\n  desc: d\n  condition: 'evt.type = open and {s_conditions[i].Replace("'", "''")}'\n  output: o\n  priority: INFO\n");
        LoadResult result = Load(yaml.ToString());
        Assert.False(result.HasErrors, string.Join("\n", result.Errors));
        RuleSet<SyntheticFieldSource> set = result.Compile<SyntheticFieldSource>("syscall", options: new RuleSetOptions { Matching = RuleMatching.All });

        // A long command line (past any small initial buffer), a short one, and an event missing most fields.
        string longArgs = "-a -b /tmp/x " + string.Join(' ', Enumerable.Repeat("-c", 1100)) + " file";
        SyntheticEvent[] events =
        [
            Event().Set("proc.name", "bash").Set("proc.pname", "sshd").Set("proc.args", longArgs).SetValues("ka.images", "-a", "-b", "sshd"),
            Event().Set("proc.name", "curl").Set("proc.pname", "bash").Set("proc.args", "-s -b /tmp/x http://x").SetValues("ka.images", "nginx", "redis"),
            Event().Set("proc.name", "x"),
        ];
        var matches = new CompiledRule?[s_conditions.Length];

        int warm = Run(set, events, matches, 1_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int matched = Run(set, events, matches, Evaluations);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(warm > 0);
        Assert.True(matched > Evaluations, $"expected several rules to match per event, got {matched}");
        Assert.Equal(0, allocated);
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
