using System.Diagnostics;
using Kite.Agent.Capture;
using Kite.Agent.Events;
using Kite.Agent.Tests.Capture.Triggers;
using Kite.Agent.Tests.Interop;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.Capture;

/// <summary>
/// The execve <c>flags</c> the probe computes (proc.is_exe_writable, is_exe_upper_layer, is_exe_from_memfd),
/// against the kernel's own rules: each case runs a copy of echo, made unique by a marker argument, under the
/// credentials, mode, ACL or mount that decides the flag.
/// </summary>
[Trait("Category", "Privileged")]
public sealed class ExeFlagsTests : IDisposable
{
    private const ulong ExeWritable = 0x1;
    private const ulong ExeUpperLayer = 0x2;
    private const ulong ExeFromMemfd = 0x4;
    private const ulong ExeLowerLayer = 0x8;
    private const int Nobody = 65534;

    private readonly string _dir;

    /// <summary>Makes this run's markers unique on the machine.</summary>
    private readonly string _run = Guid.NewGuid().ToString("N");

    public ExeFlagsTests()
    {
        _dir = Directory.CreateTempSubdirectory("kite-exe-").FullName;
        // Other users run the copies: the directory must be searchable by them.
        if (OperatingSystem.IsLinux())
            File.SetUnixFileMode(_dir, (UnixFileMode)0x1ed); // 0755
    }

    public void Dispose()
    {
        Run("/usr/bin/chattr", "-R", "-i", _dir);
        Directory.Delete(_dir, recursive: true);
    }

    [RequiresBpfFact]
    public void AMemfdIsFromMemfdAndAFileThatOnlyCarriesTheNameIsNot()
    {
        string lookalike = Echo("memfd:kite", "755");

        var flags = ExecFlags(
            ("memfd", () => TriggerProgram.Run("memfd-exec", "/bin/echo", Marker("memfd"))),
            ("lookalike", () => Run(lookalike, Marker("lookalike"))));

        Assert.Equal(ExeFromMemfd, flags["memfd"] & ExeFromMemfd);
        Assert.Equal(0UL, flags["lookalike"] & ExeFromMemfd);
    }

    [RequiresBpfFact]
    public void RootWritesAReadOnlyExeOnlyWithCapDacOverride()
    {
        string exe = Echo("echo", "555");

        var flags = ExecFlags(
            ("root", () => Run(exe, Marker("root"))),
            ("no-override", () => Run("/usr/bin/setpriv", "--inh-caps=-dac_override", "--bounding-set=-dac_override", exe, Marker("no-override"))));

        Assert.Equal(ExeWritable, flags["root"] & ExeWritable);
        Assert.Equal(0UL, flags["no-override"] & ExeWritable); // fsuid 0 alone does not make it writable
    }

    [RequiresBpfFact]
    public void AGroupWithWriteAccessCountsWhenItIsASupplementaryGroup()
    {
        string exe = Echo("echo", "775");
        Run("/bin/chown", "root:4242", exe);

        var flags = ExecFlags(
            ("member", () => Run("/usr/bin/setpriv", $"--reuid={Nobody}", $"--regid={Nobody}", "--groups=4242", exe, Marker("member"))),
            ("stranger", () => Run("/usr/bin/setpriv", $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", exe, Marker("stranger"))));

        Assert.Equal(ExeWritable, flags["member"] & ExeWritable);
        Assert.Equal(0UL, flags["stranger"] & ExeWritable);
    }

    [RequiresBpfFact]
    public void CapDacOverrideInAUserNamespaceCountsOnlyForFilesWhoseOwnerItMaps()
    {
        string mapped = Echo("mapped", "555");
        string foreign = Echo("foreign", "555");
        Run("/bin/chown", "4242:4242", foreign);

        // unshare -r: a user namespace where only root (uid and gid 0) is mapped, and its root has every capability.
        var flags = ExecFlags(
            ("mapped", () => Run("/usr/bin/unshare", "-U", "-r", mapped, Marker("mapped"))),
            ("foreign", () => Run("/usr/bin/unshare", "-U", "-r", foreign, Marker("foreign"))));

        Assert.Equal(ExeWritable, flags["mapped"] & ExeWritable);
        Assert.Equal(0UL, flags["foreign"] & ExeWritable);
    }

    [RequiresBpfFact]
    public void AnAclEntryForTheUserGrantsWriteUnlessTheMaskWithholdsIt()
    {
        string granted = Echo("granted", "755");
        string masked = Echo("masked", "755");
        TriggerProgram.Run("acl", granted, Nobody.ToString(), "7");
        TriggerProgram.Run("acl", masked, Nobody.ToString(), "5");

        var flags = ExecFlags(
            ("granted", () => Run("/usr/bin/setpriv", $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", granted, Marker("granted"))),
            ("masked", () => Run("/usr/bin/setpriv", $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", masked, Marker("masked"))));

        Assert.Equal(ExeWritable, flags["granted"] & ExeWritable);
        Assert.Equal(0UL, flags["masked"] & ExeWritable);
    }

    [RequiresBpfFact]
    public void AReadOnlyMountOrAnImmutableFileIsNotWritableEvenForRoot()
    {
        string mounted = Path.Combine(_dir, "ro");
        Directory.CreateDirectory(mounted);
        File.Copy("/bin/echo", Path.Combine(mounted, "echo"));
        string immutable = Echo("immutable", "755");
        Run("/usr/bin/chattr", "+i", immutable);

        var flags = ExecFlags(
            ("read-only mount", () => Run("/usr/bin/unshare", "-m", "--propagation", "private", "/bin/sh", "-c",
                $"mount --bind {mounted} {mounted} && mount -o remount,bind,ro {mounted} && exec {mounted}/echo {Marker("read-only mount")}")),
            ("writable mount", () => Run(Path.Combine(mounted, "echo"), Marker("writable mount"))),
            ("immutable", () => Run(immutable, Marker("immutable"))));

        Assert.Equal(0UL, flags["read-only mount"] & ExeWritable);
        Assert.Equal(ExeWritable, flags["writable mount"] & ExeWritable);
        Assert.Equal(0UL, flags["immutable"] & ExeWritable);
    }

    [RequiresBpfFact]
    public void AnOverlayExeIsOnTheUpperLayerOnceWrittenInTheContainerElseOnTheLowerOne()
    {
        foreach (string d in new[] { "lower", "upper", "work", "merged" })
            Directory.CreateDirectory(Path.Combine(_dir, d));
        File.Copy("/bin/echo", Path.Combine(_dir, "lower", "image-echo"));
        File.Copy("/bin/echo", Path.Combine(_dir, "upper", "added-echo"));
        string merged = Path.Combine(_dir, "merged");
        string mount = $"mount -t overlay overlay -o lowerdir={_dir}/lower,upperdir={_dir}/upper,workdir={_dir}/work {merged}";

        var flags = ExecFlags(
            ("both", () => Run("/usr/bin/unshare", "-m", "--propagation", "private", "/bin/sh", "-c",
                $"{mount} && {merged}/image-echo {Marker("lower")} && {merged}/added-echo {Marker("upper")}")));

        Assert.Equal(ExeLowerLayer, flags["lower"] & (ExeLowerLayer | ExeUpperLayer));
        Assert.Equal(ExeUpperLayer, flags["upper"] & (ExeLowerLayer | ExeUpperLayer));
    }

    /// <summary>The argument that tells one case's echo from every other exec on the machine.</summary>
    private string Marker(string label) => $"kite-exe-{_run}-{label.Replace(' ', '-')}";

    /// <summary>A copy of /bin/echo in the test's directory with the given octal mode.</summary>
    private string Echo(string name, string mode)
    {
        string path = Path.Combine(_dir, name);
        File.Copy("/bin/echo", path);
        Run("/bin/chmod", mode, path);
        return path;
    }

    /// <summary>Runs the triggers with execve/execveat captured; returns the flags of each marked echo by label.</summary>
    private Dictionary<string, ulong> ExecFlags(params (string Label, Action Trigger)[] cases)
    {
        using var probe = ProbeSession.Open(ringBufferBytes: 1 << 22);
        probe.SetInteresting(EventType.Execve, true);
        probe.SetInteresting(EventType.Execveat, true);
        probe.Attach();
        foreach (var (_, trigger) in cases)
            trigger();

        var markers = new Dictionary<string, string>();
        foreach (string label in cases.SelectMany(c => LabelsOf(c.Label)))
            markers[label] = Marker(label);
        var records = CapturedRecord.Collect(probe, r => markers.Values.All(m => r.Any(x => IsEchoOf(x, m))));
        var flags = new Dictionary<string, ulong>();
        foreach (var (label, marker) in markers)
        {
            var exec = records.SingleOrDefault(r => IsEchoOf(r, marker));
            Assert.True(exec is not null, $"no successful exec with argument {marker} among {records.Count} records");
            flags[label] = exec.UInt("flags");
        }
        return flags;
    }

    /// <summary>The overlay case runs two marked execs from one trigger.</summary>
    private static string[] LabelsOf(string label) => label == "both" ? ["lower", "upper"] : [label];

    private static bool IsEchoOf(CapturedRecord r, string marker) =>
        r.Int("res") == 0 && r.Strings("args") is [var only] && only == marker;

    private static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        using var child = Process.Start(psi)!;
        child.StandardOutput.ReadToEnd();
        string error = child.StandardError.ReadToEnd();
        child.WaitForExit();
        Assert.True(child.ExitCode == 0, $"{file} {string.Join(' ', args)} failed ({child.ExitCode}): {error}");
    }
}
