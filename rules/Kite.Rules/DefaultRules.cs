using System.Reflection;

namespace Kite.Rules;

/// <summary>
/// Kite's own default rule files (rules/default/*.yaml), embedded in this assembly. `kite run` loads
/// them, in <see cref="Files"/> order, when no rules file is configured; operators tune them from a
/// local file loaded after them (append/override of the `user_*` lists and `user_known_*` macros).
/// </summary>
public static class DefaultRules
{
    /// <summary>The syscall rules.</summary>
    public const string SyscallFileName = "kite_rules.yaml";

    /// <summary>The Kubernetes audit (k8s_audit) rules.</summary>
    public const string K8sAuditFileName = "kite_k8s_audit_rules.yaml";

    private const string ResourcePrefix = "Kite.Rules.Default.";

    private static readonly Lazy<IReadOnlyList<DefaultRuleFile>> s_files = new(() =>
        [Read(SyscallFileName), Read(K8sAuditFileName)]);

    /// <summary>Every default rule file, in load order.</summary>
    public static IReadOnlyList<DefaultRuleFile> Files => s_files.Value;

    /// <summary>The default rule file with this name (<see cref="SyscallFileName"/> or <see cref="K8sAuditFileName"/>).</summary>
    public static DefaultRuleFile Get(string fileName)
    {
        foreach (DefaultRuleFile file in Files)
        {
            if (file.Name == fileName)
                return file;
        }
        throw new ArgumentException($"'{fileName}' is not a default rule file (known: {SyscallFileName}, {K8sAuditFileName})", nameof(fileName));
    }

    private static DefaultRuleFile Read(string fileName)
    {
        using Stream stream = typeof(DefaultRules).Assembly.GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new InvalidOperationException($"default rule file {fileName} is not embedded in {typeof(DefaultRules).Assembly.GetName().Name} (build problem)");
        using var reader = new StreamReader(stream);
        return new DefaultRuleFile(fileName, reader.ReadToEnd());
    }
}
