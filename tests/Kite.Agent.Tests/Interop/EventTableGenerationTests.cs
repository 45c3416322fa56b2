using System.Diagnostics;
using Kite.Agent.Events;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.Interop;

/// <summary>The generated C# event table matches native/include/kite_events.h.</summary>
public sealed class EventTableGenerationTests
{
    [Fact]
    public void GeneratedEventTableIsUpToDateWithTheHeader()
    {
        string native = Path.Combine(TestEnvironment.RepoRoot, "native");
        string exe = Path.Combine(Path.GetTempPath(), $"kite-gen-{Environment.ProcessId}");
        try
        {
            var (rc, output) = Run("cc", "-Wall", "-Werror", "-I", Path.Combine(native, "include"), Path.Combine(native, "tools", "gen_event_table.c"), "-o", exe);
            Assert.True(rc == 0, $"the generator does not compile:\n{output}");
            (rc, output) = Run(exe);
            Assert.Equal(0, rc);
            string committed = File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "agent", "Kite.Agent", "Events", "EventTable.Generated.cs"));
            Assert.True(committed == output, "EventTable.Generated.cs is stale: run `make -C native generate` and commit it");
        }
        finally
        {
            File.Delete(exe);
        }
    }

    [Fact]
    public void EveryEventTypeIdIndexesItsOwnDescription()
    {
        foreach (EventType type in Enum.GetValues<EventType>())
            Assert.Equal(type, EventTable.Get(type).Type);
        Assert.Equal(EventTable.EventTypeCount, EventTable.All.Count);
    }

    [Theory]
    [InlineData(257, "openat")]
    [InlineData(59, "execve")]
    [InlineData(42, "connect")]
    [InlineData(110, "syscall")] // getppid has no event type of its own: Generic
    [InlineData(4000, "unknown")]
    public void SyscallNumbersMapToTheirEventType(int syscall, string expectedName)
    {
        Assert.Equal(expectedName, EventTable.Get(EventTable.EventTypeOfSyscall(syscall)).Name);
    }

    [Theory]
    [InlineData("openat", new[] { "fd", "dirfd", "name", "flags", "mode", "dev", "ino" })]
    [InlineData("connect", new[] { "res", "tuple", "fd", "addr" })]
    [InlineData("ptrace", new[] { "res", "addr", "data", "request", "pid" })]
    [InlineData("procexit", new[] { "status", "ret", "sig", "core", "reaper_tid" })]
    public void ParametersFollowFalcoNamesAndOrder(string falcoName, string[] expected)
    {
        Assert.True(EventTable.TryGetByName(falcoName, out var info));
        Assert.Equal(expected, info.Params.Select(p => p.Name));
    }

    [Fact]
    public void EveryFlagParameterHasATable()
    {
        foreach (var info in EventTable.All)
        {
            foreach (var p in info.Params)
            {
                if (p.Type is >= ParamType.Flags8 and <= ParamType.EnumFlags32)
                    Assert.True(FlagTables.Get(p.FlagTable) is not null, $"{info.Name}.{p.Name} has no flag table");
                if (p.Type == ParamType.FsRelPath)
                    Assert.Equal(ParamType.Fd, info.Params[p.DirFdIndex].Type);
            }
        }
    }

    private static (int ExitCode, string Output) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, process.ExitCode == 0 ? stdout : stdout + stderr);
    }
}
