using Kite.Rules.Binding;
using Kite.Rules.Fields;
using Kite.Rules.Output;
using Kite.Rules.Syntax;

namespace Kite.Rules.Loading;

/// <summary>
/// Loads rules files in order into one collection (later files modify earlier items), then compiles
/// every item against the catalogs of the loaded sources: lists (one-level list-in-list expansion),
/// macros and rule conditions (textual list substitution, parsing, macro inlining, binding), outputs,
/// event types. Never throws on bad input: every problem is a <see cref="RuleDiagnostic"/>.
/// </summary>
public static class RuleLoader
{
    public static LoadResult Load(IEnumerable<RuleFile> files, IEnumerable<FieldCatalog> catalogs, RuleLoadOptions? options = null)
    {
        options ??= new RuleLoadOptions();
        var diagnostics = new List<RuleDiagnostic>();
        var collector = new RuleCollector(diagnostics);
        var fileList = files.ToList();
        foreach (RuleFile file in fileList)
            collector.Read(new RuleFileText(file.Name, file.Content));
        var catalogMap = new Dictionary<string, FieldCatalog>(StringComparer.Ordinal);
        foreach (FieldCatalog catalog in catalogs)
            catalogMap.TryAdd(catalog.SourceName, catalog);

        var rules = Compile(collector, catalogMap, diagnostics);
        if (options.CheckPluginRequirements)
            CheckPlugins(collector, catalogMap.Values, diagnostics);

        var unique = new List<RuleDiagnostic>();
        var seen = new HashSet<RuleDiagnostic>();
        foreach (RuleDiagnostic d in diagnostics)
        {
            if (seen.Add(d))
                unique.Add(d);
        }
        return new LoadResult(unique, rules, collector.Macros.Count, collector.Lists.Count, catalogMap, fileList.Select(f => f.Name).ToList());
    }

    private static List<RuleInfo> Compile(RuleCollector collector, Dictionary<string, FieldCatalog> catalogs, List<RuleDiagnostic> diagnostics)
    {
        // Lists: an item naming a list defined before this list's last definition/append is replaced by that list's raw items.
        foreach (ListDefinition list in collector.Lists)
        {
            var items = new List<string>(list.Items.Count);
            foreach (string item in list.Items)
            {
                if (collector.TryGetList(item, out ListDefinition? other) && other != list && other.Index < list.Visibility)
                {
                    other.Used = true;
                    items.AddRange(other.Items);
                }
                else
                {
                    items.Add(item);
                }
            }
            list.CompiledItems = items;
        }
        var substitution = collector.Lists.Select(l => (l.Name, (IReadOnlyList<string>)l.CompiledItems)).ToList();
        void MarkUsed(int i) => collector.Lists[i].Used = true;

        // Macros: substitute lists, parse (syntax errors belong to the macro).
        var macros = new Dictionary<string, ConditionBinder.Macro>(StringComparer.Ordinal);
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (MacroDefinition macro in collector.Macros)
        {
            string item = $"macro '{macro.Name}'";
            ParsedCondition? parsed = Parse(item, macro.Condition, substitution, MarkUsed, diagnostics);
            if (parsed is not null)
                CollectMacroReferences(parsed.Expression, referenced);
            macros[macro.Name] = new ConditionBinder.Macro(macro.Name, macro.Index, macro.Visibility, parsed);
        }

        var binders = new Dictionary<string, ConditionBinder>(StringComparer.Ordinal);
        var infos = new List<RuleInfo>(collector.Rules.Count);
        foreach (RuleDefinition rule in collector.Rules.OrderBy(r => r.Index))
        {
            var info = new RuleInfo(rule);
            infos.Add(info);
            string item = $"rule '{rule.Name}'";
            catalogs.TryGetValue(rule.Source, out FieldCatalog? catalog);

            ConditionText condition = rule.Condition;
            if (rule.Exceptions.Count > 0)
            {
                if (catalog is not null && !ExceptionCompiler.TryAppend(rule, catalog, ref condition, out var exceptionFields, diagnostics))
                    continue;
                info.ExceptionFields = rule.Exceptions.SelectMany(e => e.Fields ?? []).Distinct().ToList();
                info.ConditionText = condition.Text;
            }
            ParsedCondition? parsed = Parse(item, condition, substitution, MarkUsed, diagnostics);
            if (parsed is not null)
                CollectMacroReferences(parsed.Expression, referenced);
            if (catalog is null)
            {
                diagnostics.Add(new RuleDiagnostic(RuleDiagnosticCode.LOAD_UNKNOWN_SOURCE, rule.Location, item, $"Unknown source {rule.Source}, skipping"));
                continue;
            }
            if (parsed is null)
                continue;
            if (!binders.TryGetValue(catalog.SourceName, out ConditionBinder? binder))
                binders[catalog.SourceName] = binder = new ConditionBinder(catalog, macros);

            BoundExpr bound;
            try
            {
                bound = binder.BindRule(parsed);
            }
            catch (ConditionBindException e)
            {
                string where = e.Condition == parsed ? item : e.Condition.Item;
                string message = e.Condition == parsed ? e.Message : $"{e.Message} (in {where}, used by {item})";
                if (rule.SkipIfUnknownFilter && e.IsUnknownFilter)
                    diagnostics.Add(new RuleDiagnostic(RuleDiagnosticCode.LOAD_UNKNOWN_FILTER, e.Condition.Locate(e.Offset), item, $"{e.Message}; rule skipped (skip-if-unknown-filter)"));
                else
                    diagnostics.Add(new RuleDiagnostic(RuleDiagnosticCode.LOAD_ERR_COMPILE_CONDITION, e.Condition.Locate(e.Offset), e.Condition == parsed ? item : where, e.Condition == parsed ? message : $"{e.Message} (used by {item})"));
                continue;
            }
            finally
            {
                ReportBindWarnings(binder, diagnostics);
            }

            OutputTemplate? output = OutputTemplate.TryCompile(rule.Output.Text, catalog, out int outputOffset, out string? outputError);
            if (output is null)
            {
                if (rule.SkipIfUnknownFilter)
                    diagnostics.Add(new RuleDiagnostic(RuleDiagnosticCode.LOAD_UNKNOWN_FILTER, rule.Output.Locate(outputOffset), item, $"{outputError}; rule skipped (skip-if-unknown-filter)"));
                else
                    diagnostics.Add(new RuleDiagnostic(RuleDiagnosticCode.LOAD_ERR_COMPILE_OUTPUT, rule.Output.Locate(outputOffset), item, outputError!));
                continue;
            }
            foreach (var (offset, field) in output.DeprecatedFields)
                diagnostics.Add(new RuleDiagnostic(RuleDiagnosticCode.LOAD_DEPRECATED_ITEM, rule.Output.Locate(offset), item, $"field '{field}' is deprecated"));
            if (output.UsedContainerInfo)
                diagnostics.Add(new RuleDiagnostic(RuleDiagnosticCode.LOAD_DEPRECATED_ITEM, rule.Output.First.Start, item, "%container.info is deprecated and renders as empty; the container fields are appended as suggested output"));

            info.Bound = bound;
            info.Output = output;
            if (catalog.EventTypeCodeCount > 0)
            {
                bool[] codes = EventTypeInference.Infer(bound, catalog);
                int count = codes.Count(c => c);
                info.EventTypeCodes = codes;
                info.MatchesAllEventTypes = count == codes.Length;
                info.NeverMatches = count == 0;
                info.EventTypes = info.MatchesAllEventTypes ? null
                    : Enumerable.Range(0, codes.Length).Where(i => codes[i]).Select(i => catalog.EventTypeName((ushort)i)).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
                if (rule.WarnEventTypes && (info.MatchesAllEventTypes || count > 100))
                    diagnostics.Add(new RuleDiagnostic(RuleDiagnosticCode.LOAD_NO_EVTTYPE, rule.Location, item,
                        "Rule matches too many evt.type values. This has a significant performance penalty: restrict the condition with evt.type (or set warn_evttypes: false)"));
            }
            else
            {
                info.MatchesAllEventTypes = true;
                info.NeverMatches = bound is BoundConstant { Value: false };
            }
        }

        foreach (MacroDefinition macro in collector.Macros)
        {
            if (!referenced.Contains(macro.Name))
                diagnostics.Add(new RuleDiagnostic(RuleDiagnosticCode.LOAD_UNUSED_MACRO, macro.Location, $"macro '{macro.Name}'", "Macro not referenced by any other rule/macro"));
        }
        foreach (ListDefinition list in collector.Lists)
        {
            if (!list.Used)
                diagnostics.Add(new RuleDiagnostic(RuleDiagnosticCode.LOAD_UNUSED_LIST, list.Location, $"list '{list.Name}'", "List not referenced by any other rule/macro"));
        }
        return infos;
    }

    // Binding findings belong to the rule or macro where they are written (a macro's, once).
    private static void ReportBindWarnings(ConditionBinder binder, List<RuleDiagnostic> diagnostics)
    {
        foreach (ConditionBinder.Warning w in binder.Warnings)
            diagnostics.Add(new RuleDiagnostic(w.Code, w.Condition.Locate(w.Offset), w.Condition.Item, w.Message));
        binder.Warnings.Clear();
    }

    private static ParsedCondition? Parse(string item, ConditionText text, List<(string, IReadOnlyList<string>)> lists, Action<int> onUsed, List<RuleDiagnostic> diagnostics)
    {
        ListSubstitution.Result substituted = ListSubstitution.Apply(text.Text, lists, onUsed);
        try
        {
            return new ParsedCondition(item, text, substituted, ConditionParser.Parse(substituted.Text));
        }
        catch (ConditionSyntaxException e)
        {
            diagnostics.Add(new RuleDiagnostic(RuleDiagnosticCode.LOAD_ERR_COMPILE_CONDITION, text.Locate(substituted.MapToOriginal(e.Offset)), item, e.Message));
            return null;
        }
    }

    private static void CollectMacroReferences(Expr expr, HashSet<string> into)
    {
        switch (expr)
        {
            case MacroRefExpr m:
                into.Add(m.Name);
                break;
            case AndExpr a:
                foreach (Expr o in a.Operands)
                    CollectMacroReferences(o, into);
                break;
            case OrExpr o:
                foreach (Expr e in o.Operands)
                    CollectMacroReferences(e, into);
                break;
            case NotExpr n:
                CollectMacroReferences(n.Operand, into);
                break;
        }
    }

    private static void CheckPlugins(RuleCollector collector, IEnumerable<FieldCatalog> catalogs, List<RuleDiagnostic> diagnostics)
    {
        var provided = catalogs.SelectMany(c => c.Plugins).ToList();
        foreach (var (alternatives, location) in collector.PluginRequirements)
        {
            bool satisfied = alternatives.Any(a => provided.Any(p => p.Name == a.Name
                && RuleCollector.TryParseSemver(p.Version, out Version? v) && v.Major == a.Version.Major && v >= a.Version));
            if (!satisfied)
            {
                diagnostics.Add(new RuleDiagnostic(RuleDiagnosticCode.LOAD_ERR_VALIDATE, location, null,
                    "Plugin requirement not satisfied, must load one of: " + string.Join(", ", alternatives.Select(a => $"{a.Name} (>= {a.Version.ToString(3)})"))));
            }
        }
    }
}
