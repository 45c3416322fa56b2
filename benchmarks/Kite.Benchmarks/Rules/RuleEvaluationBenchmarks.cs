using BenchmarkDotNet.Attributes;
using Kite.Agent.Fields;
using Kite.Rules.Evaluation;
using Kite.Rules.Fields.Synthetic;
using Kite.Rules.Loading;

namespace Kite.Benchmarks.Rules;

/// <summary>
/// The upstream falco_rules.yaml + falco-incubating_rules.yaml evaluated on a realistic event mix
/// (opens of common files, execs of common binaries, connects; 1 event in 10,000 fires a rule).
/// One operation = one event.
/// </summary>
[MemoryDiagnoser]
public class RuleEvaluationBenchmarks
{
    private const int EventsPerOperation = 10_000;
    private RuleSet<SyntheticFieldSource> _rules = null!;
    private SyntheticEvent[] _events = null!;
    private readonly CompiledRule?[] _matches = new CompiledRule?[4];

    [GlobalSetup]
    public void Setup()
    {
        LoadResult result = RuleLoader.Load([UpstreamRuleFiles.Read("falco_rules.yaml"), UpstreamRuleFiles.Read("falco-incubating_rules.yaml")], [SyscallFieldCatalog.Instance]);
        if (result.HasErrors)
            throw new InvalidOperationException(string.Join("\n", result.Errors));
        _rules = result.Compile<SyntheticFieldSource>(SyscallFieldCatalog.Source);
        SyntheticEvent[] benign = BenchmarkEvents.Benign();
        _events = new SyntheticEvent[EventsPerOperation];
        for (int i = 0; i < _events.Length; i++)
            _events[i] = benign[i % benign.Length];
        _events[EventsPerOperation / 2] = BenchmarkEvents.Firing();
    }

    [Benchmark(OperationsPerInvoke = EventsPerOperation)]
    public int EvaluateEventMix()
    {
        int matched = 0;
        foreach (SyntheticEvent ev in _events)
        {
            var source = new SyntheticFieldSource(ev);
            matched += _rules.Evaluate(ref source, _matches);
        }
        return matched;
    }
}
