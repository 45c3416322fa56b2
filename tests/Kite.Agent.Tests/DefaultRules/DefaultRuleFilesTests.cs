using Kite.Agent.RuleTests;
using Kite.Rules;
using Kite.TestUtilities;
using YamlDotNet.RepresentationModel;

namespace Kite.Agent.Tests.DefaultRules;

/// <summary>The embedded default rule files and their test files, checked without the rule engine.</summary>
public sealed class DefaultRuleFilesTests
{
    private static string DefaultDir => Path.Combine(TestEnvironment.RepoRoot, "rules", "default");

    internal static IEnumerable<string> TestFiles() => Directory.EnumerateFiles(Path.Combine(DefaultDir, "tests"), "*.yaml").Order(StringComparer.Ordinal);

    public static TheoryData<string> TestFileNames() => [.. TestFiles().Select(p => Path.GetFileName(p))];

    [Fact]
    public void EmbeddedFilesAreTheFilesOfTheRepository()
    {
        Assert.Equal([Kite.Rules.DefaultRules.SyscallFileName, Kite.Rules.DefaultRules.K8sAuditFileName], Kite.Rules.DefaultRules.Files.Select(f => f.Name));
        foreach (DefaultRuleFile file in Kite.Rules.DefaultRules.Files)
            Assert.Equal(File.ReadAllText(Path.Combine(DefaultDir, file.Name)), file.Content);
    }

    [Fact]
    public void UnknownDefaultFileNameIsAnError() =>
        Assert.Contains("not a default rule file", Assert.Throws<ArgumentException>(() => Kite.Rules.DefaultRules.Get("falco_rules.yaml")).Message);

    [Fact]
    public void EveryRuleHasADescriptionTagsWithMitreAndAnOutputNamingWhereItHappened()
    {
        foreach (DefaultRuleFile file in Kite.Rules.DefaultRules.Files)
        {
            foreach (YamlMappingNode rule in Items(file.Content).Where(i => i.Children.ContainsKey("rule")))
            {
                string name = Value(rule, "rule")!;
                Assert.False(string.IsNullOrWhiteSpace(Value(rule, "desc")), $"{name}: no desc");
                var tags = ((YamlSequenceNode)rule.Children["tags"]).Select(t => ((YamlScalarNode)t).Value!).ToList();
                Assert.Contains("kite", tags);
                Assert.Contains(tags, t => t.StartsWith("mitre_", StringComparison.Ordinal));
                Assert.Contains(tags, t => t.Length > 1 && t[0] == 'T' && char.IsAsciiDigit(t[1]));
                string output = Value(rule, "output")!;
                if (file.Name == Kite.Rules.DefaultRules.SyscallFileName)
                {
                    foreach (string field in (string[])["%proc.name", "%proc.cmdline", "%container.id", "%container.image.repository", "%k8s.pod.name", "%k8s.ns.name"])
                        Assert.True(output.Contains(field, StringComparison.Ordinal), $"{name}: output lacks {field}");
                }
                else
                {
                    Assert.Equal("k8s_audit", Value(rule, "source"));
                    Assert.Contains("%ka.user.name", output);
                    Assert.True(output.Contains("%ka.target.name", StringComparison.Ordinal) || output.Contains("%ka.resp.name", StringComparison.Ordinal) || output.Contains("%ka.uri", StringComparison.Ordinal), $"{name}: output names no object");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestFileNames))]
    public void TestFileReadsAndEveryEventBuilds(string fileName)
    {
        string path = Path.Combine(DefaultDir, "tests", fileName);
        Assert.True(RuleTestFileReader.TryRead(path, File.ReadAllText(path), out List<RuleTestCase> cases, out List<string> problems), string.Join("\n", problems));
        foreach (RuleTestCase testCase in cases)
        {
            string? error;
            bool built = testCase.Source == RuleTestFileReader.K8sAuditSource
                ? RuleTestEventBuilder.TryBuildAuditEvent(testCase, out _, out error)
                : RuleTestEventBuilder.TryBuildSyscallEvent(testCase, out _, out error);
            Assert.True(built, error);
        }
    }

    [Fact]
    public void EveryDefaultRuleHasAFiringAndANonFiringCase()
    {
        var fires = new HashSet<string>(StringComparer.Ordinal);
        var silent = new HashSet<string>(StringComparer.Ordinal);
        foreach (string path in TestFiles())
        {
            Assert.True(RuleTestFileReader.TryRead(path, File.ReadAllText(path), out List<RuleTestCase> cases, out List<string> problems), string.Join("\n", problems));
            foreach (RuleTestCase testCase in cases)
            {
                fires.UnionWith(testCase.Fires);
                silent.UnionWith(testCase.DoesNotFire);
            }
        }
        List<string> rules = Kite.Rules.DefaultRules.Files.SelectMany(f => Items(f.Content)).Where(i => i.Children.ContainsKey("rule")).Select(i => Value(i, "rule")!).ToList();
        string[] neverFired = [.. rules.Where(r => !fires.Contains(r))];
        string[] neverSilent = [.. rules.Where(r => !silent.Contains(r))];
        string[] unknown = [.. fires.Union(silent).Where(r => !rules.Contains(r))];
        Assert.True(neverFired.Length == 0, "rules without a firing case: " + string.Join(", ", neverFired));
        Assert.True(neverSilent.Length == 0, "rules without a non-firing case: " + string.Join(", ", neverSilent));
        Assert.True(unknown.Length == 0, "test cases name rules that do not exist: " + string.Join(", ", unknown));
    }

    private static IEnumerable<YamlMappingNode> Items(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return ((YamlSequenceNode)stream.Documents[0].RootNode).Children.Cast<YamlMappingNode>();
    }

    private static string? Value(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? node) ? ((YamlScalarNode)node).Value : null;
}
