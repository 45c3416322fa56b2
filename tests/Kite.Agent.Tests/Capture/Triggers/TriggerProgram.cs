using System.Diagnostics;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.Capture.Triggers;

/// <summary>
/// kite_trigger.c, compiled once per test run with the system C compiler: the syscalls neither the shell nor
/// python can make (sendmmsg, io_uring, signalfd with no flags, ...), run in a child because the test process
/// is excluded in the kernel.
/// </summary>
internal static class TriggerProgram
{
    private static readonly Lazy<string> s_path = new(Compile);

    /// <summary>The compiled program (compiles it on first use).</summary>
    public static string Path => s_path.Value;

    /// <summary>Runs <c>kite_trigger action args...</c> to the end; returns its pid and standard output.</summary>
    public static (int Pid, string Output) Run(string action, params string[] args)
    {
        var psi = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(action);
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        using var child = Process.Start(psi)!;
        string output = child.StandardOutput.ReadToEnd();
        string error = child.StandardError.ReadToEnd();
        child.WaitForExit();
        Assert.True(child.ExitCode == 0, $"kite_trigger {action} failed ({child.ExitCode}): {error}");
        return (child.Id, output);
    }

    /// <summary>The integer after <c>name=</c> in a line the program printed.</summary>
    public static int Value(string output, string name)
    {
        foreach (string word in output.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.StartsWith(name + "=", StringComparison.Ordinal))
                return int.Parse(word.AsSpan(name.Length + 1), System.Globalization.CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"no {name}= in \"{output}\"");
    }

    private static string Compile()
    {
        string source = System.IO.Path.Combine(TestEnvironment.RepoRoot, "tests", "Kite.Agent.Tests", "Capture", "Triggers", "kite_trigger.c");
        string dir = Directory.CreateTempSubdirectory("kite-trigger-").FullName;
        string exe = System.IO.Path.Combine(dir, "kite_trigger");
        var psi = new ProcessStartInfo("cc") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "-O1", "-Wall", "-Wextra", "-Werror", source, "-o", exe })
            psi.ArgumentList.Add(arg);
        using var cc = Process.Start(psi)!;
        string output = cc.StandardOutput.ReadToEnd() + cc.StandardError.ReadToEnd();
        cc.WaitForExit();
        if (cc.ExitCode != 0)
            throw new InvalidOperationException($"compiling {source} failed: {output}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(dir, recursive: true);
        // Other users run it too (setpriv tests): the directory must be searchable by them.
        if (OperatingSystem.IsLinux())
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return exe;
    }
}
