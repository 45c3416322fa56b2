using Kite.Agent.Configuration;
using Kite.Agent.Events;
using Kite.Agent.Hosting;

namespace Kite.Agent.Tests.Hosting;

public sealed class InterestSetTests : IDisposable
{
    private readonly string _rules = Path.Combine(Path.GetTempPath(), $"kite-interest-{Guid.NewGuid():N}.yaml");

    public InterestSetTests() => File.WriteAllText(_rules, """
        - rule: Opens below etc
          desc: d
          condition: evt.type in (open, openat) and fd.name startswith /etc/
          output: o %fd.name
          priority: NOTICE
        """);

    public void Dispose() => File.Delete(_rules);

    private LoadedRules Load() =>
        LoadedRules.TryLoad(AgentConfig.Default with { RulesFiles = [_rules] }, out IReadOnlyList<string> problems, out _)
        ?? throw new InvalidOperationException(string.Join("\n", problems));

    [Fact]
    public void InterestSetIsWhatTheRulesNeed()
    {
        HashSet<EventType> set = AgentHost.InterestSet(Load(), new BaseSyscallsConfig());

        Assert.Equal([EventType.Open, EventType.Openat], set.Order());
    }

    [Fact]
    public void BaseSyscallsCustomSetAddsAndRemovesEventTypes()
    {
        HashSet<EventType> set = AgentHost.InterestSet(Load(), new BaseSyscallsConfig { CustomSet = ["mkdir", "!open", "no_such_syscall"] });

        Assert.Contains(EventType.Mkdir, set);
        Assert.Contains(EventType.Openat, set);
        Assert.DoesNotContain(EventType.Open, set);
    }

    [Fact]
    public void BaseSyscallsAllCapturesEveryEventType()
    {
        HashSet<EventType> set = AgentHost.InterestSet(Load(), new BaseSyscallsConfig { All = true });

        Assert.Equal(EventTable.All.Count, set.Count);
    }
}
