using Kite.Agent.Audit;
using Kite.Agent.Configuration;
using Kite.Agent.Fields;
using Kite.Agent.Rules;
using Kite.Rules;
using Kite.Rules.Evaluation;
using Kite.Rules.Loading;

namespace Kite.Agent.Hosting;

/// <summary>
/// The rules `kite run` evaluates: the configured files (or Kite's embedded defaults) loaded,
/// selected per the configuration and compiled once per event source.
/// </summary>
internal sealed class LoadedRules
{
    private LoadedRules(LoadResult result, RuleSet<EventContext> syscall, RuleSet<AuditFieldSource> audit)
    {
        Result = result;
        Syscall = syscall;
        Audit = audit;
    }

    public LoadResult Result { get; }

    public RuleSet<EventContext> Syscall { get; }

    public RuleSet<AuditFieldSource> Audit { get; }

    /// <summary>Names of the files loaded, in order (the embedded defaults carry their resource names).</summary>
    public IReadOnlyList<string> Files => Result.Files;

    /// <summary>
    /// Loads and compiles. Returns null when a file is missing or any rule file has an error;
    /// <paramref name="problems"/> then holds one line per error (file:line:column, item, reason).
    /// </summary>
    public static LoadedRules? TryLoad(AgentConfig config, out IReadOnlyList<string> problems, out IReadOnlyList<string> warnings)
    {
        var lines = new List<string>();
        warnings = [];
        var files = new List<RuleFile>();
        if (config.UsesEmbeddedRules)
        {
            foreach (DefaultRuleFile file in DefaultRules.Files)
                files.Add(new RuleFile($"embedded:{file.Name}", file.Content));
        }
        else
        {
            foreach (string path in config.RulesFiles)
            {
                try
                {
                    files.AddRange(RuleFile.FromPath(path));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    lines.Add($"{path}: cannot read rules file: {e.Message}");
                }
            }
        }
        if (lines.Count > 0)
        {
            problems = lines;
            return null;
        }

        LoadResult result = RuleLoader.Load(files, RuleSources.Catalogs);
        warnings = result.Warnings.Select(d => d.ToString()).ToList();
        if (result.HasErrors)
        {
            problems = result.Errors.Select(d => d.ToString()).ToList();
            return null;
        }

        RuleSelection selection = SelectionOf(config);
        var options = new RuleSetOptions
        {
            Matching = config.RuleMatching == Configuration.RuleMatching.All ? Kite.Rules.Evaluation.RuleMatching.All : Kite.Rules.Evaluation.RuleMatching.First,
        };
        problems = [];
        return new LoadedRules(
            result,
            result.Compile<EventContext>(SyscallFieldCatalog.Instance.SourceName, selection, options),
            result.Compile<AuditFieldSource>(AuditFieldCatalog.Instance.SourceName, selection, options));
    }

    /// <summary>`priority` and the `rules:` enable/disable selectors of the configuration.</summary>
    internal static RuleSelection SelectionOf(AgentConfig config)
    {
        var selection = RuleSelection.Default with { MinimumPriority = (Priority)(int)config.MinimumPriority };
        foreach (RuleSelector s in config.RuleSelectors)
        {
            string? pattern = s.Kind == RuleSelectorKind.Rule ? s.Pattern : null;
            string? tag = s.Kind == RuleSelectorKind.Tag ? s.Pattern : null;
            selection = s.Enable ? selection.Enable(pattern, tag) : selection.Disable(pattern, tag);
        }
        return selection;
    }
}
