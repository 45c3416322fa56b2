using System.Text;
using Kite.Agent.Fields;
using Kite.Rules.Binding;
using Kite.Rules.Compilation;
using Kite.Rules.Evaluation;
using Kite.Rules.Fields;
using Kite.Rules.Fields.Synthetic;
using Kite.Rules.Loading;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.Rules;

/// <summary>
/// The rule set's planned evaluation (conditions specialised per event-type bucket, equal sub-conditions shared
/// and remembered per event, classified text fields, guards that skip rules) must give exactly what evaluating
/// each rule's own condition tree in rule order gives. Checked on every upstream syscall rule (stable,
/// incubating, sandbox, all enabled) over seeded random events built from the constants the rules compare
/// with, and over mutations of the golden firing events.
/// </summary>
public class PlannedEvaluationEquivalenceTests
{
    private const int Seed = 4_2024;
    private const int RandomEvents = 3000;
    private const int MutationsPerGoldenEvent = 40;

    private static readonly Lazy<Fixture> s_fixture = new(() => new Fixture());

    [RequiresSharedCompatFact]
    public void RuleMatchingAllGivesTheMatchesOfEachRuleInRuleOrder()
    {
        Fixture f = s_fixture.Value;
        var matches = new CompiledRule?[f.All.Rules.Count];
        int events = 0, fired = 0;
        var firedRules = new HashSet<string>(StringComparer.Ordinal);
        foreach (SyntheticEvent ev in f.Events())
        {
            List<string> expected = f.Reference(ev);
            var source = new SyntheticFieldSource(ev);
            int n = f.All.Evaluate(ref source, matches);
            Assert.True(expected.SequenceEqual(matches.Take(n).Select(m => m!.Name)),
                $"event {ev}\nexpected: {string.Join(" | ", expected)}\nactual:   {string.Join(" | ", matches.Take(n).Select(m => m!.Name))}");
            events++;
            fired += expected.Count > 0 ? 1 : 0;
            firedRules.UnionWith(expected);
        }
        // Not vacuous: many events fire, and many different rules.
        Assert.True(fired > events / 20, $"only {fired} of {events} events fired a rule");
        Assert.True(firedRules.Count >= 30, $"only {firedRules.Count} rules fired: {string.Join(", ", firedRules)}");
    }

    [RequiresSharedCompatFact]
    public void RuleMatchingFirstGivesTheFirstMatchingRule()
    {
        Fixture f = s_fixture.Value;
        var match = new CompiledRule?[1];
        foreach (SyntheticEvent ev in f.Events())
        {
            string? expected = f.Reference(ev).FirstOrDefault();
            var source = new SyntheticFieldSource(ev);
            int n = f.First.Evaluate(ref source, match);
            Assert.Equal(expected, n == 0 ? null : match[0]!.Name);
            var again = new SyntheticFieldSource(ev);
            Assert.Equal(expected, f.First.EvaluateFirst(ref again)?.Name);
        }
    }

    [RequiresSharedCompatFact]
    public void EachRuleMatchesExactlyWhenItsOwnConditionHolds()
    {
        Fixture f = s_fixture.Value;
        foreach (SyntheticEvent ev in f.Events().Take(600))
        {
            foreach (CompiledRule rule in f.All.Rules)
            {
                var reference = new SyntheticFieldSource(ev);
                var planned = new SyntheticFieldSource(ev);
                Assert.True(f.Conditions[rule.Name].Evaluate(ref reference) == f.All.Matches(rule.Name, ref planned), $"'{rule.Name}' on {ev}");
            }
        }
    }

    [RequiresSharedCompatFact]
    public void ThePlanSharesConditionsAndClassifiesFields()
    {
        // The machinery the other tests cover is really in use on the upstream rules.
        Fixture f = s_fixture.Value;
        Assert.True(f.All.SharedConditionCount > 20, $"{f.All.SharedConditionCount} shared conditions");
        Assert.True(f.All.ClassifiedFieldCount >= 3, $"{f.All.ClassifiedFieldCount} classified fields");
    }

    private sealed class Fixture
    {
        private readonly List<(string Reference, FieldDescriptor Field, bool Multi, List<string> Values)> _vocabulary = [];
        private readonly List<string> _eventTypes;
        private readonly List<(RuleInfo Info, Kite.Rules.Compilation.ConditionNode<SyntheticFieldSource> Condition)> _rules = [];

        public Fixture()
        {
            SyscallFieldCatalog.Instance.HostNames.Pin("kubernetes.default.svc.cluster.local", System.Net.IPAddress.Parse("10.96.0.1"));
            LoadResult load = UpstreamRules.Load(UpstreamRules.Stable, UpstreamRules.Incubating, UpstreamRules.Sandbox);
            Assert.False(load.HasErrors);
            RuleSelection everything = RuleSelection.Default.Enable("*");
            All = load.Compile<SyntheticFieldSource>(SyscallFieldCatalog.Source, everything, new RuleSetOptions { Matching = RuleMatching.All });
            First = load.Compile<SyntheticFieldSource>(SyscallFieldCatalog.Source, everything, new RuleSetOptions { Matching = RuleMatching.First });
            foreach (CompiledRule rule in All.Rules)
            {
                var condition = ConditionCompiler.Compile<SyntheticFieldSource>(rule.Info.Bound!, SyscallFieldCatalog.Instance);
                _rules.Add((rule.Info, condition));
                Conditions[rule.Name] = condition;
            }
            _eventTypes = [.. All.Rules.SelectMany(r => r.Info.EventTypes ?? []).Distinct().Order(StringComparer.Ordinal)];
            CollectVocabulary();
        }

        public RuleSet<SyntheticFieldSource> All { get; }

        public RuleSet<SyntheticFieldSource> First { get; }

        /// <summary>Each rule's own condition tree, compiled alone (no planning).</summary>
        public Dictionary<string, Kite.Rules.Compilation.ConditionNode<SyntheticFieldSource>> Conditions { get; } = new(StringComparer.Ordinal);

        /// <summary>The rules whose own condition holds, in rule order, among those the event's type can match.</summary>
        public List<string> Reference(SyntheticEvent ev)
        {
            var names = new List<string>();
            foreach (var (info, condition) in _rules)
            {
                bool[]? codes = info.EventTypeCodes;
                bool typeCanMatch = codes is null || (ev.EventType < codes.Length ? codes[ev.EventType] : codes.All(c => c));
                var source = new SyntheticFieldSource(ev);
                if (typeCanMatch && condition.Evaluate(ref source))
                    names.Add(info.Name);
            }
            return names;
        }

        /// <summary>The same sequence of events every time: random ones, then mutations of the golden firing events.</summary>
        public IEnumerable<SyntheticEvent> Events()
        {
            var random = new Random(Seed);
            for (int i = 0; i < RandomEvents; i++)
                yield return RandomEvent(random, _eventTypes[random.Next(_eventTypes.Count)], density: 0.3);
            foreach (var golden in StableRulesGoldenTests.Cases)
            {
                string type = (string)golden[1];
                string[] pairs = ((string)golden[2]).Split(';', StringSplitOptions.RemoveEmptyEntries);
                yield return StableRulesGoldenTests.Build(type, (string)golden[2]);
                for (int m = 0; m < MutationsPerGoldenEvent; m++)
                {
                    SyntheticEvent ev = StableRulesGoldenTests.Build(type, string.Join(';', pairs.Where(_ => random.NextDouble() > 0.2)));
                    AddRandomFields(ev, random, density: 0.05);
                    yield return ev;
                }
            }
        }

        private SyntheticEvent RandomEvent(Random random, string type, double density)
        {
            var ev = new SyntheticEvent(SyscallFieldCatalog.Instance).WithEventType(type);
            ev.Set("evt.num", random.Next(1, 1_000_000));
            AddRandomFields(ev, random, density);
            return ev;
        }

        private void AddRandomFields(SyntheticEvent ev, Random random, double density)
        {
            foreach (var (reference, field, multi, values) in _vocabulary)
            {
                if (random.NextDouble() >= density)
                    continue;
                if (multi)
                    ev.SetValues(reference, [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => values[random.Next(values.Count)])]);
                else
                    ev.Set(reference, values[random.Next(values.Count)]);
            }
        }

        // Every field a rule compares with literals, with those literals (and near variants) as candidate values.
        private void CollectVocabulary()
        {
            var byReference = new Dictionary<string, (FieldDescriptor Field, bool Multi, HashSet<string> Values)>(StringComparer.Ordinal);
            foreach (var (info, _) in _rules)
            {
                foreach (BoundCheck check in Checks(info.Bound!))
                {
                    BoundField left = check.Left;
                    // evt.num starts at 1 on every source (the engine folds `evt.num = 0` to false): keep the random one.
                    if (check.RightField is not null || left.Transformers.Count > 0 || left.Descriptor.Has(FieldFlags.EventType) || left.Descriptor.Has(FieldFlags.EventNumber))
                        continue;
                    if (!byReference.TryGetValue(left.Display, out var entry))
                        byReference[left.Display] = entry = (left.Descriptor, left.Multiplicity != FieldMultiplicity.Single, []);
                    foreach (string value in Candidates(check))
                        entry.Values.Add(value);
                }
            }
            var probe = new SyntheticEvent(SyscallFieldCatalog.Instance);
            foreach (var (reference, (field, multi, values)) in byReference.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                // Keep what the synthetic source accepts for the field's type.
                var usable = values.Order(StringComparer.Ordinal).Where(v => Accepts(probe, reference, v)).ToList();
                if (usable.Count > 0)
                    _vocabulary.Add((reference, field, multi, usable));
            }
        }

        private static bool Accepts(SyntheticEvent probe, string reference, string value)
        {
            try
            {
                probe.Set(reference, value);
                return true;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                return false;
            }
        }

        private static IEnumerable<string> Candidates(BoundCheck check)
        {
            FieldType type = check.Left.ValueType;
            foreach (object value in check.Values)
            {
                switch (value)
                {
                    case byte[] text:
                        string s = Encoding.UTF8.GetString(text).Replace("*", "a", StringComparison.Ordinal).Replace("?", "b", StringComparison.Ordinal);
                        yield return s;
                        yield return s + "/x";
                        yield return "x" + s;
                        break;
                    case NetPrefix prefix:
                        yield return prefix.Network.ToString();
                        break;
                    case NetAddress address:
                        yield return address.ToString();
                        break;
                    case bool b:
                        yield return b ? "true" : "false";
                        yield return b ? "false" : "true";
                        break;
                    case long l:
                        yield return l.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        yield return (l + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    case ulong u:
                        yield return u.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        yield return (u + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                        break;
                }
            }
            if (type.IsText())
                yield return "benign";
        }

        private static IEnumerable<BoundCheck> Checks(BoundExpr expr) => expr switch
        {
            BoundCheck check => [check],
            BoundNot not => Checks(not.Operand),
            BoundAnd and => and.Operands.SelectMany(Checks),
            BoundOr or => or.Operands.SelectMany(Checks),
            _ => [],
        };
    }
}
