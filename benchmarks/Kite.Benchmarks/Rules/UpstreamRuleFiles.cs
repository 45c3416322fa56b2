using Kite.Rules.Loading;

namespace Kite.Benchmarks.Rules;

/// <summary>The upstream Falco rule files, read at run time from ../shared/compat (never copied into the repo).</summary>
internal static class UpstreamRuleFiles
{
    public static string Directory
    {
        get
        {
            string? shared = Environment.GetEnvironmentVariable("KITE_SHARED_DIR");
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); shared is null && dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Agent.sln")))
                    shared = Path.Combine(dir.FullName, "..", "shared");
            }
            string rules = Path.Combine(shared ?? "../shared", "compat", "rules");
            return System.IO.Directory.Exists(rules) ? rules : throw new DirectoryNotFoundException($"upstream rule files not found at {rules} (set KITE_SHARED_DIR)");
        }
    }

    public static RuleFile Read(string name) => new(Path.Combine(Directory, name), File.ReadAllText(Path.Combine(Directory, name)));
}
