using System.CommandLine;
using Kite.Agent.Configuration;

namespace Kite.Agent.Cli;

/// <summary>The Falco-compatible options of `kite run`: -c CONFIG, -r RULES_FILE..., -o key=value...</summary>
internal sealed class RunOptions
{
    public Option<string?> Config { get; } = new("--config", "-c")
    {
        Description = "A falco.yaml-compatible configuration file (default: Kite's embedded defaults).",
    };

    public Option<string[]> RulesFiles { get; } = new("--rules-file", "-r")
    {
        Description = "A rules file or folder; repeatable. Replaces rules_files of the configuration.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string[]> Overrides { get; } = new("--option", "-o")
    {
        Description = "Override a configuration key by dotted path: -o file_output.enabled=true, -o rules_files=[a,b]; repeatable.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Config);
        command.Options.Add(RulesFiles);
        command.Options.Add(Overrides);
    }

    /// <summary>Loads the configuration from the parsed -c/-r/-o values; throws <see cref="ConfigException"/> when invalid.</summary>
    public ConfigLoadResult Load(ParseResult parse) =>
        ConfigLoader.Load(parse.GetValue(Config), parse.GetValue(RulesFiles) ?? [], parse.GetValue(Overrides) ?? []);

    /// <summary>Loads and validates the configuration; prints warnings, or the one-line error and returns null.</summary>
    public ConfigLoadResult? TryLoad(ParseResult parse, TextWriter log)
    {
        try
        {
            ConfigLoadResult result = Load(parse);
            foreach (string warning in result.Warnings)
                log.WriteLine($"kite: warning: config: {warning}");
            return result;
        }
        catch (ConfigException e)
        {
            log.WriteLine($"kite: invalid configuration: {e.Message}");
            return null;
        }
    }
}
