using BenchmarkDotNet.Attributes;
using Kite.Agent.Audit;
using Kite.Agent.Fields;
using Kite.Rules.Evaluation;
using Kite.Rules.Fields.Synthetic;
using Kite.Rules.Loading;

namespace Kite.Benchmarks.Rules;

/// <summary>Loading and compiling rule files: the four upstream files, and a rule whose list has 100,000 items.</summary>
[MemoryDiagnoser]
public class RuleLoadingBenchmarks
{
    private RuleFile[] _upstream = null!;
    private RuleFile _largeList = null!;
    private RuleSet<SyntheticFieldSource> _largeListRules = null!;
    private SyntheticEvent _hit = null!, _miss = null!;
    private readonly CompiledRule?[] _matches = new CompiledRule?[1];

    [GlobalSetup]
    public void Setup()
    {
        _upstream = new[] { "falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml", "k8s_audit_rules.yaml" }.Select(UpstreamRuleFiles.Read).ToArray();
        var yaml = new System.Text.StringBuilder("- list: big\n  items: [");
        for (int i = 0; i < 100_000; i++)
            yaml.Append(i == 0 ? "" : ", ").Append("/opt/app/bin/tool-").Append(i);
        yaml.Append("]\n- rule: big list\n  desc: d\n  condition: evt.type = execve and proc.exepath in (big)\n  output: '%proc.exepath'\n  priority: INFO\n");
        _largeList = new RuleFile("big.yaml", yaml.ToString());
        _largeListRules = LoadLargeList().Compile<SyntheticFieldSource>(SyscallFieldCatalog.Source);
        _hit = BenchmarkEvents.Build("execve", "proc.exepath=/opt/app/bin/tool-99999");
        _miss = BenchmarkEvents.Build("execve", "proc.exepath=/usr/bin/ls");
    }

    [Benchmark]
    public int LoadAndCompileFourUpstreamFiles()
    {
        LoadResult result = RuleLoader.Load(_upstream, [SyscallFieldCatalog.Instance, AuditFieldCatalog.Instance]);
        return result.Compile<SyntheticFieldSource>(SyscallFieldCatalog.Source).Rules.Count;
    }

    [Benchmark]
    public LoadResult LoadRuleWith100000ItemList() => LoadLargeList();

    [Benchmark(OperationsPerInvoke = 2)]
    public int EvaluateRuleWith100000ItemList()
    {
        var hit = new SyntheticFieldSource(_hit);
        var miss = new SyntheticFieldSource(_miss);
        return _largeListRules.Evaluate(ref hit, _matches) + _largeListRules.Evaluate(ref miss, _matches);
    }

    private LoadResult LoadLargeList() => RuleLoader.Load([_largeList], [SyscallFieldCatalog.Instance]);
}
