using Kite.Rules.Evaluation;
using Kite.Rules.Fields;

namespace Kite.Rules.Loading;

/// <summary>
/// The outcome of <see cref="RuleLoader.Load"/>: diagnostics, every rule with its metadata, counts, and
/// <see cref="Compile{TSource}"/> to build the evaluator for one source. Immutable: a hot reload loads a
/// new result and swaps the compiled <see cref="RuleSet{TSource}"/> only if <see cref="HasErrors"/> is false.
/// </summary>
public sealed class LoadResult
{
    private readonly IReadOnlyDictionary<string, FieldCatalog> _catalogs;

    internal LoadResult(IReadOnlyList<RuleDiagnostic> diagnostics, IReadOnlyList<RuleInfo> rules, int macroCount, int listCount, IReadOnlyDictionary<string, FieldCatalog> catalogs, IReadOnlyList<string> files)
    {
        Diagnostics = diagnostics;
        Rules = rules;
        MacroCount = macroCount;
        ListCount = listCount;
        _catalogs = catalogs;
        Files = files;
    }

    /// <summary>Errors and warnings, in the order found (per file, then compilation).</summary>
    public IReadOnlyList<RuleDiagnostic> Diagnostics { get; }

    public IEnumerable<RuleDiagnostic> Errors => Diagnostics.Where(d => d.IsError);

    public IEnumerable<RuleDiagnostic> Warnings => Diagnostics.Where(d => !d.IsError);

    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>Every rule, in evaluation order (index of first definition across files).</summary>
    public IReadOnlyList<RuleInfo> Rules { get; }

    public int MacroCount { get; }

    public int ListCount { get; }

    public IReadOnlyList<string> Files { get; }

    public RuleInfo? FindRule(string name) => Rules.FirstOrDefault(r => r.Name == name);

    /// <summary>
    /// Compiles the enabled rules of one source into an evaluator for <typeparamref name="TSource"/>.
    /// Rules that did not compile are left out (check <see cref="HasErrors"/> first).
    /// </summary>
    public RuleSet<TSource> Compile<TSource>(string source, RuleSelection? selection = null, RuleSetOptions? options = null)
        where TSource : IFieldSource, allows ref struct
    {
        if (!_catalogs.TryGetValue(source, out FieldCatalog? catalog))
            throw new ArgumentException($"source '{source}' was not loaded (loaded: {string.Join(", ", _catalogs.Keys)})", nameof(source));
        selection ??= RuleSelection.Default;
        var enabled = selection.Apply(Rules);
        return new RuleSet<TSource>(catalog, Rules.Where(r => r.Source == source && r.IsCompiled && enabled.Contains(r)).ToList(), options ?? new RuleSetOptions());
    }
}
