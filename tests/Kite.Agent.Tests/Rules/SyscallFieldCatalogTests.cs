using System.Text.RegularExpressions;
using Kite.Agent.Fields;
using Kite.Agent.Rules;
using Kite.Rules.Fields;
using Kite.Rules.Loading;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.Rules;

public partial class SyscallFieldCatalogTests
{
    [RequiresSharedCompatFact]
    public void DeclaresEverySyscallFieldTheSpecificationLists()
    {
        string spec = File.ReadAllText(Path.Combine(TestEnvironment.SharedCompatDir!, "SPEC.md"));
        var rows = FieldRow().Matches(spec).Where(m => m.Groups["provider"].Value.StartsWith("libs", StringComparison.Ordinal) || m.Groups["provider"].Value == "plugin/container").ToList();
        Assert.Equal(77, rows.Count);
        foreach (Match row in rows)
        {
            string name = row.Groups["name"].Value;
            Assert.True(SyscallFieldCatalog.Instance.TryGetField(name, out FieldDescriptor field), $"missing field {name}");
            string flags = row.Groups["flags"].Value;
            Assert.Equal(flags.Contains("filter-only"), field.Has(FieldFlags.FilterOnly));
            Assert.Equal(flags.Contains("arg req"), field.RequiresArgument);
            if (flags.Contains("no-rhs"))
                Assert.True(field.Has(FieldFlags.NoRhs), name);
        }
    }

    // SPEC.md 1.12: deprecated fields (`evt.dir`, `evt.latency*`, `evt.wait_latency`) load with LOAD_DEPRECATED_ITEM.
    [Theory]
    [InlineData("evt.dir", "evt.dir = \"<\"")]
    [InlineData("evt.latency", "evt.latency = 0")]
    [InlineData("evt.latency.s", "evt.latency.s = 0")]
    [InlineData("evt.latency.ns", "evt.latency.ns < 1000000000")]
    [InlineData("evt.latency.human", "evt.latency.human = 0ns")]
    [InlineData("evt.wait_latency", "evt.wait_latency >= 0")]
    public void DeprecatedEventFieldsLoadWithADeprecationWarning(string field, string check)
    {
        string yaml = $"""
            - rule: uses {field}
              desc: d
              condition: evt.type = open and {check}
              output: "latency %{field}"
              priority: INFO
            """;
        LoadResult result = RuleLoader.Load([new RuleFile("deprecated.yaml", yaml)], RuleSources.Catalogs);

        Assert.False(result.HasErrors, string.Join("\n", result.Errors));
        var warnings = result.Warnings.Where(w => w.Code == RuleDiagnosticCode.LOAD_DEPRECATED_ITEM).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Contains($"'{field}'", w.Message));
        Assert.True(SyscallFieldCatalog.Instance.TryGetField(field, out FieldDescriptor descriptor));
        Assert.Equal(field, descriptor.Name);
    }

    [Fact]
    public void ValidatesEventArgumentNames()
    {
        var catalog = SyscallFieldCatalog.Instance;
        Assert.True(catalog.TryGetField("evt.arg", out var arg));
        Assert.True(catalog.TryResolveArgument(arg, "flags", bracketed: false, out _, out _, out _));
        Assert.False(catalog.TryResolveArgument(arg, "nosuchparam", bracketed: false, out _, out _, out string? error));
        Assert.Equal("unknown event argument 'nosuchparam'", error);
        Assert.True(catalog.TryGetField("evt.rawarg", out var raw));
        Assert.True(catalog.TryResolveArgument(raw, "res", bracketed: false, out _, out FieldType type, out _));
        Assert.Equal(FieldType.Int64, type);
        Assert.False(catalog.TryResolveArgument(raw, "0", bracketed: true, out _, out _, out _));
    }

    [Fact]
    public void KnowsTheEventTypesOfTheUpstreamRules()
    {
        foreach (string name in new[] { "open", "openat", "openat2", "execve", "execveat", "connect", "ptrace", "userfaultfd" })
            Assert.True(SyscallFieldCatalog.Instance.EventTypes.ContainsKey(name), name);
        Assert.Contains(SyscallFieldCatalog.Instance.Plugins, p => p.Name == "container");
        Assert.Equal(6, SyscallFieldCatalog.Instance.SuggestedOutputFields.Count);
    }

    [GeneratedRegex(@"^\| `(?<name>[a-z0-9_.]+)` \| [^|]+ \| (?<provider>[a-z_/]+) \| (?<flags>[^|]*) \|", RegexOptions.Multiline)]
    private static partial Regex FieldRow();
}
