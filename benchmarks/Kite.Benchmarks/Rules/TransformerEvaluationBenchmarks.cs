using BenchmarkDotNet.Attributes;
using Kite.Agent.Fields;
using Kite.Rules.Evaluation;
using Kite.Rules.Fields.Synthetic;
using Kite.Rules.Loading;

namespace Kite.Benchmarks.Rules;

/// <summary>
/// One rule whose condition uses a transformer, evaluated on an execve event of a typical command line
/// (`curl -s -o /tmp/payload -H ... http://...`), against a plain field comparison as the baseline.
/// One operation = one evaluation.
/// </summary>
[MemoryDiagnoser]
public class TransformerEvaluationBenchmarks
{
    private RuleSet<SyntheticFieldSource> _rules = null!;
    private SyntheticEvent _event = null!;
    private readonly CompiledRule?[] _matches = new CompiledRule?[1];

    [Params(
        "proc.name = curl",
        "concat(proc.pname, \":\", proc.name) = \"bash:curl\"",
        "join(\",\", (proc.pname, proc.name)) = \"bash,curl\"",
        "getopt(proc.args, \"so:H:\")[o] startswith /tmp/",
        "getopt(proc.args, \"so:H:\") intersects (s)")]
    public string Condition { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        string yaml = $"- rule: r\n  desc: d\n  condition: 'evt.type = execve and {Condition.Replace("'", "''")}'\n  output: o\n  priority: INFO\n";
        LoadResult result = RuleLoader.Load([new RuleFile("bench.yaml", yaml)], [SyscallFieldCatalog.Instance]);
        if (result.HasErrors)
            throw new InvalidOperationException(string.Join("\n", result.Errors));
        _rules = result.Compile<SyntheticFieldSource>(SyscallFieldCatalog.Source);
        _event = BenchmarkEvents.Build("execve",
            "proc.name=curl;proc.pname=bash;proc.exe=/usr/bin/curl;proc.args=-s -o /tmp/payload -H Accept:*/* http://10.0.0.9/x");
    }

    [Benchmark]
    public int Evaluate()
    {
        var source = new SyntheticFieldSource(_event);
        return _rules.Evaluate(ref source, _matches);
    }
}
