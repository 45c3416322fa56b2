using Kite.Agent.Audit;
using Kite.Agent.Fields;
using Kite.Rules.Fields;
using Kite.Rules.Loading;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.Rules;

/// <summary>
/// Loading garbage must never throw: 10,000 random mutations of the upstream files (byte flips,
/// deletions, duplications, splices of YAML/condition punctuation) each load to diagnostics only.
/// </summary>
public class RuleFileMutationTests
{
    private static readonly string[] s_fragments =
        ["(", ")", "[", "]", "{", "}", ":", "- ", "\n", "  ", "\"", "'", "\\", ",", "=", "!=", " and ", " or ", " not ", "%", "%proc.", "evt.type", "in (", "exists", "*", "&a", "*a", "|", ">", "#", "\t", "\0", "é", "0x", "[1]", "override:", "append: true", "- macro: m", "- list: l", "- rule: r"];

    [RequiresSharedCompatFact]
    public void TenThousandRandomMutationsOfTheUpstreamFilesOnlyProduceDiagnostics()
    {
        string[] originals = new[] { UpstreamRules.Stable, UpstreamRules.K8sAudit }.Select(f => File.ReadAllText(UpstreamRules.PathOf(f))).ToArray();
        FieldCatalog[] catalogs = [SyscallFieldCatalog.Instance, AuditFieldCatalog.Instance];
        var random = new Random(20261121);
        int withErrors = 0;
        for (int i = 0; i < 10_000; i++)
        {
            string original = originals[i % originals.Length];
            // Mutate a window of the file so each load stays small and the test stays fast.
            int start = random.Next(original.Length - 1200);
            int end = Math.Min(original.Length, start + 300 + random.Next(700));
            int lineStart = original.LastIndexOf('\n', start) + 1;
            string text = Mutate(original[lineStart..end], random);
            LoadResult result;
            try
            {
                result = RuleLoader.Load([new RuleFile("mutated.yaml", text)], catalogs, new RuleLoadOptions { CheckPluginRequirements = false });
            }
            catch (Exception e)
            {
                Assert.Fail($"mutation {i} threw {e}\n--- input ---\n{text}");
                return;
            }
            if (result.HasErrors)
                withErrors++;
            Assert.All(result.Diagnostics, d => Assert.False(string.IsNullOrWhiteSpace(d.Message)));
        }
        Assert.True(withErrors > 500, $"only {withErrors} mutations produced errors: the mutator is too gentle");
    }

    private static string Mutate(string text, Random random)
    {
        var chars = new System.Text.StringBuilder(text);
        int edits = 1 + random.Next(4);
        for (int e = 0; e < edits && chars.Length > 1; e++)
        {
            int at = random.Next(chars.Length);
            switch (random.Next(5))
            {
                case 0:
                    chars[at] = (char)random.Next(1, 128);
                    break;
                case 1:
                    chars.Remove(at, Math.Min(chars.Length - at, 1 + random.Next(20)));
                    break;
                case 2:
                    chars.Insert(at, s_fragments[random.Next(s_fragments.Length)]);
                    break;
                case 3:
                    int from = random.Next(chars.Length);
                    int len = Math.Min(chars.Length - from, random.Next(80));
                    chars.Insert(at, chars.ToString(from, len));
                    break;
                default:
                    chars.Insert(at, new string(' ', random.Next(1, 6)));
                    break;
            }
        }
        return chars.ToString();
    }
}
