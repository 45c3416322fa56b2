using System.CommandLine;
using System.Text.Json;
using Kite.Agent.Rules;
using Kite.Rules;
using Kite.Rules.Loading;

namespace Kite.Agent.Cli;

/// <summary>
/// `kite rules`: rule-author tools. `validate` loads files in order and reports every problem with
/// file:line:column; `list` shows the rules. Other subcommands (`test`) add themselves in <see cref="Create"/>.
/// </summary>
internal static class RulesCommand
{
    public static Command Create()
    {
        var command = new Command("rules", "Validate, list and test Falco-compatible rules files.");
        command.Subcommands.Add(CreateValidate());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(RulesTestCommand.Create());
        return command;
    }

    private static Command CreateValidate()
    {
        var files = new Argument<string[]>("FILE") { Description = "Rules files or directories, loaded in order (later files modify earlier items).", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON document." };
        var explain = new Option<string?>("--explain") { Description = "Print RULE's condition after macro expansion and list resolution." };
        var command = new Command("validate", "Load rules files and report errors and warnings; exit 1 if there are errors.") { files, json, explain };
        command.SetAction(parse => Validate(parse.GetValue(files)!, parse.GetValue(json), parse.GetValue(explain), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static Command CreateList()
    {
        var files = new Argument<string[]>("FILE") { Description = "Rules files or directories (default: Kite's embedded default rules).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("list", "List rules with priority, source, tags and enabled state.") { files };
        command.SetAction(parse => List(parse.GetValue(files) ?? [], parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Loads files (or the embedded defaults when none are given) against every agent source.</summary>
    internal static LoadResult? LoadFiles(IReadOnlyList<string> paths, TextWriter error)
    {
        var files = new List<RuleFile>();
        if (paths.Count == 0)
        {
            files.AddRange(DefaultRules.Files.Select(f => new RuleFile(f.Name, f.Content)));
        }
        foreach (string path in paths)
        {
            try
            {
                files.AddRange(RuleFile.FromPath(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"{path}: error: cannot read rules file: {e.Message} [{RuleDiagnosticCode.LOAD_ERR_FILE_READ}]");
                return null;
            }
        }
        return RuleLoader.Load(files, RuleSources.Catalogs);
    }

    private static int Validate(string[] paths, bool json, string? explain, TextWriter output, TextWriter error)
    {
        LoadResult? result = LoadFiles(paths, error);
        if (result is null)
            return 1;
        RuleInfo? explained = explain is null ? null : result.FindRule(explain);
        if (explain is not null && explained is null)
        {
            error.WriteLine($"kite: no rule named '{explain}' in the loaded files");
            return 1;
        }
        var analysis = RuleAnalysis.Analyze(result);
        if (json)
        {
            WriteJson(result, analysis, explained, output);
        }
        else
        {
            foreach (RuleDiagnostic d in result.Diagnostics)
                output.WriteLine(d);
            foreach (string note in analysis)
                output.WriteLine(note);
            if (explained is not null)
                WriteExplain(explained, output);
            output.WriteLine(Summary(result));
        }
        return result.HasErrors ? 1 : 0;
    }

    internal static string Summary(LoadResult result) =>
        $"rules: {result.Rules.Count} (enabled {result.Rules.Count(r => r.Enabled)}), macros: {result.MacroCount}, lists: {result.ListCount}, errors: {result.Errors.Count()}, warnings: {result.Warnings.Count()}";

    private static void WriteExplain(RuleInfo rule, TextWriter output)
    {
        output.WriteLine($"rule '{rule.Name}' ({rule.Location})");
        output.WriteLine($"  source: {rule.Source}, priority: {rule.Priority}, enabled: {(rule.Enabled ? "true" : "false")}");
        output.WriteLine($"  event types: {(rule.EventTypes is null ? "all" : string.Join(", ", rule.EventTypes))}");
        output.WriteLine($"  condition: {rule.ExpandedCondition ?? "(not compiled)"}");
    }

    private static void WriteJson(LoadResult result, IReadOnlyList<string> analysis, RuleInfo? explained, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("files");
            foreach (string f in result.Files)
                writer.WriteStringValue(f);
            writer.WriteEndArray();
            writer.WriteStartArray("diagnostics");
            foreach (RuleDiagnostic d in result.Diagnostics)
            {
                writer.WriteStartObject();
                writer.WriteString("severity", d.IsError ? "error" : "warning");
                writer.WriteString("code", d.Code.ToString());
                writer.WriteString("file", d.Location.File);
                writer.WriteNumber("line", d.Location.Line);
                writer.WriteNumber("column", d.Location.Column);
                if (d.Item is not null)
                    writer.WriteString("item", d.Item);
                writer.WriteString("message", d.Message);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("notes");
            foreach (string note in analysis)
                writer.WriteStringValue(note);
            writer.WriteEndArray();
            writer.WriteStartArray("rules");
            foreach (RuleInfo rule in result.Rules)
            {
                writer.WriteStartObject();
                writer.WriteString("name", rule.Name);
                writer.WriteString("priority", rule.Priority.ToString());
                writer.WriteString("source", rule.Source);
                writer.WriteBoolean("enabled", rule.Enabled);
                writer.WriteStartArray("tags");
                foreach (string t in rule.Tags)
                    writer.WriteStringValue(t);
                writer.WriteEndArray();
                if (rule.EventTypes is null)
                    writer.WriteNull("event_types");
                else
                {
                    writer.WriteStartArray("event_types");
                    foreach (string t in rule.EventTypes)
                        writer.WriteStringValue(t);
                    writer.WriteEndArray();
                }
                if (rule == explained)
                    writer.WriteString("expanded_condition", rule.ExpandedCondition);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartObject("summary");
            writer.WriteNumber("rules", result.Rules.Count);
            writer.WriteNumber("enabled", result.Rules.Count(r => r.Enabled));
            writer.WriteNumber("macros", result.MacroCount);
            writer.WriteNumber("lists", result.ListCount);
            writer.WriteNumber("errors", result.Errors.Count());
            writer.WriteNumber("warnings", result.Warnings.Count());
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static int List(string[] paths, TextWriter output, TextWriter error)
    {
        LoadResult? result = LoadFiles(paths, error);
        if (result is null)
            return 1;
        foreach (RuleDiagnostic d in result.Errors)
            error.WriteLine(d);
        int width = Math.Min(60, result.Rules.Select(r => r.Name.Length).DefaultIfEmpty(4).Max());
        output.WriteLine($"{"RULE".PadRight(width)}  {"PRIORITY",-13}  {"SOURCE",-9}  {"ENABLED",-7}  TAGS");
        foreach (RuleInfo rule in result.Rules)
            output.WriteLine($"{rule.Name.PadRight(width)}  {rule.Priority,-13}  {rule.Source,-9}  {(rule.Enabled ? "true" : "false"),-7}  {string.Join(",", rule.Tags)}");
        return result.HasErrors ? 1 : 0;
    }
}
