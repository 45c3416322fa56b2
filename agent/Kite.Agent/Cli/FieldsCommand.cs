using System.CommandLine;
using Kite.Agent.Rules;
using Kite.Rules.Fields;

namespace Kite.Agent.Cli;

/// <summary>`kite fields`: every field rules can use, with type, flags and description.</summary>
internal static class FieldsCommand
{
    public static Command Create()
    {
        var source = new Option<string?>("--source") { Description = "Only fields of this source (syscall, k8s_audit)." };
        var command = new Command("fields", "List the fields rule conditions and outputs can use.") { source };
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            string? only = parse.GetValue(source);
            var catalogs = RuleSources.Catalogs.Where(c => only is null || c.SourceName == only).ToList();
            if (catalogs.Count == 0)
            {
                parse.InvocationConfiguration.Error.WriteLine($"kite: unknown source '{only}' (known: {string.Join(", ", RuleSources.Catalogs.Select(c => c.SourceName))})");
                return 1;
            }
            foreach (FieldCatalog catalog in catalogs)
            {
                output.WriteLine($"# source: {catalog.SourceName} ({catalog.Fields.Count} fields)");
                foreach (FieldDescriptor field in catalog.Fields)
                {
                    string name = field.Name + (field.RequiresArgument ? "[ARG]" : field.TakesArgument ? "[ARG?]" : "");
                    string flags = Flags(field);
                    output.WriteLine($"{name,-45} {field.Type.DisplayName(),-8} {field.Description}{(flags.Length > 0 ? " (" + flags + ")" : "")}");
                }
                output.WriteLine();
            }
            return 0;
        });
        return command;
    }

    private static string Flags(FieldDescriptor field)
    {
        var flags = new List<string>();
        if (field.Has(FieldFlags.FilterOnly))
            flags.Add("filter only");
        if (field.Has(FieldFlags.List))
            flags.Add("list");
        if (field.Has(FieldFlags.Deprecated))
            flags.Add("deprecated");
        return string.Join(", ", flags);
    }
}
