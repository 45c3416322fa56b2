using System.CommandLine;
using Kite.Agent.RuleTests;
using Kite.Rules;
using Kite.Rules.Loading;

namespace Kite.Agent.Cli;

/// <summary>
/// `kite rules test FILE... [-r RULES...]`: runs rule test files (rules/default/README.md describes the
/// format) against the given rules files, or against Kite's default rules. Prints one PASS/FAIL line per
/// case with file:line:column and a summary; exits 1 if any case fails, a test file is invalid or the
/// rules do not load.
/// </summary>
internal static class RulesTestCommand
{
    public static Command Create()
    {
        var tests = new Argument<string[]>("FILE") { Description = "Rule test files or directories of *.yaml test files.", Arity = ArgumentArity.OneOrMore };
        var rules = new Option<string[]>("--rules", "-r") { Description = "Rules file or directory, loaded in order (repeatable). Default: Kite's built-in default rules.", AllowMultipleArgumentsPerToken = false };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only failures and the summary." };
        var showOutput = new Option<bool>("--show-output") { Description = "Print the rendered output of every rule that fired." };
        var command = new Command("test", "Run rule test cases (synthetic events and the rules expected to fire) against rules files.") { tests, rules, quiet, showOutput };
        command.SetAction(parse => Run(parse.GetValue(tests)!, parse.GetValue(rules) ?? [], parse.GetValue(quiet), parse.GetValue(showOutput), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    internal static int Run(IReadOnlyList<string> testPaths, IReadOnlyList<string> rulePaths, bool quiet, bool showOutput, TextWriter output, TextWriter error)
    {
        if (!TryRead(rulePaths, error, out List<RuleFile> ruleFiles) || !TryRead(testPaths, error, out List<RuleFile> testFiles))
            return 1;
        if (rulePaths.Count == 0)
            ruleFiles.AddRange(DefaultRules.Files.Select(f => new RuleFile(f.Name, f.Content)));
        if (testFiles.Count == 0)
        {
            error.WriteLine($"kite: no test files (*.yaml) in {string.Join(", ", testPaths)}");
            return 1;
        }
        RuleTestRun run = RuleTestRunner.Run(ruleFiles, testFiles);
        RuleTestReport.Write(run, output, showPassed: !quiet, showOutputs: showOutput);
        return run.Succeeded ? 0 : 1;
    }

    private static bool TryRead(IReadOnlyList<string> paths, TextWriter error, out List<RuleFile> files)
    {
        files = [];
        foreach (string path in paths)
        {
            try
            {
                files.AddRange(RuleFile.FromPath(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"{path}: error: cannot read: {e.Message}");
                return false;
            }
        }
        return true;
    }
}
