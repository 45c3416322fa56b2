using Kite.Agent.Capture;
using Kite.Agent.Configuration;
using Kite.Agent.Diagnostics;
using Kite.Agent.Events;
using Kite.Agent.Hosting;
using Kite.Agent.Outputs;
using Kite.Agent.Pipeline;
using Kite.Agent.Tests.Capture;
using Kite.Agent.Tests.State;
using Kite.TestUtilities;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kite.Agent.Tests.Pipeline;

/// <summary>
/// The whole per-event path of `kite run` (decode, state update, EventContext, rule evaluation on the
/// event-type bucket) allocates nothing while no rule matches: a million recorded events, after a warm-up,
/// must not move the thread's allocated-bytes counter.
/// </summary>
public sealed class PipelineAllocationTests : IDisposable
{
    private const int Events = 1_000_000;

    private readonly string _root = Directory.CreateTempSubdirectory("kite-pipeline-alloc-").FullName;

    public PipelineAllocationTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "etc"));
        File.WriteAllText(Path.Combine(_root, "etc/passwd"), "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/:/bin/sh\n");
        File.WriteAllText(Path.Combine(_root, "etc/group"), "root:x:0:\napp:x:1000:\n");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public Task EmbeddedDefaultRulesEvaluateWithoutAllocating() => AssertNoAllocation(AgentConfig.Default);

    [RequiresSharedCompatFact]
    public Task UpstreamFalcoRulesEvaluateWithoutAllocating() =>
        AssertNoAllocation(AgentConfig.Default with { RulesFiles = [Path.Combine(TestEnvironment.SharedCompatDir!, "rules", "falco_rules.yaml")] });

    private async Task AssertNoAllocation(AgentConfig config)
    {
        LoadedRules rules = LoadedRules.TryLoad(config, out IReadOnlyList<string> problems, out _)
            ?? throw new InvalidOperationException(string.Join("\n", problems));
        var metrics = new AgentMetrics();
        await using var dispatcher = new OutputDispatcher(new OutputDispatcherOptions(), [], metrics, NullLogger.Instance);
        var evaluator = new SyscallRuleEvaluator(rules.Syscall, dispatcher, new AlertFactory("test"), metrics);
        var state = new StateFixture(_root);
        var processor = new SyscallEventProcessor(state.Updater, evaluator);
        // The recorded workload without its read of /etc/shadow, which is meant to alert.
        byte[][] workload = ZeroAllocationTests.RecordedWorkload()
            .Where(r => RawEvent.TryRead(r, out RawEvent ev) == RawEventStatus.Ok && !(ev.TypeId == (ushort)EventType.Openat && r.AsSpan().IndexOf("/etc/shadow"u8) >= 0))
            .ToArray();

        void Replay(int count)
        {
            for (int i = 0; i < count; i++)
            {
                RawEvent.TryRead(workload[i % workload.Length], out RawEvent ev);
                processor.OnEvent(ev);
            }
        }

        Replay(workload.Length * 50); // warm-up: pools, caches, tiered JIT
        long alertsBefore = metrics.Alerts.Total;
        long before = GC.GetAllocatedBytesForCurrentThread();
        Replay(Events);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, metrics.Alerts.Total - alertsBefore);
        Assert.Equal(0, allocated);
        Assert.True(metrics.RuleEvaluations.Value > Events, "rules were evaluated");
    }
}
