using Kite.Agent.Fields;
using Kite.Rules.Fields;
using Kite.Rules.Loading;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.Rules;

/// <summary>Loads the upstream Falco rule files from ../shared/compat/rules (never copied into the repo).</summary>
internal static class UpstreamRules
{
    public const string Stable = "falco_rules.yaml";
    public const string Incubating = "falco-incubating_rules.yaml";
    public const string Sandbox = "falco-sandbox_rules.yaml";
    public const string K8sAudit = "k8s_audit_rules.yaml";

    public static string PathOf(string file) => Path.Combine(TestEnvironment.SharedCompatDir!, "rules", file);

    public static RuleFile Read(string file) => new(PathOf(file), File.ReadAllText(PathOf(file)));

    public static LoadResult Load(params string[] files) => Load(files, [SyscallFieldCatalog.Instance]);

    public static LoadResult Load(string[] files, FieldCatalog[] catalogs, RuleLoadOptions? options = null) =>
        RuleLoader.Load(files.Select(Read), catalogs, options);
}
