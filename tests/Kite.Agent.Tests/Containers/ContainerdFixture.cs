using System.Diagnostics;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Kite.Agent.Containers;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.Containers;

/// <summary>
/// A private containerd (own socket, root and state directories, CRI plugin off) with a busybox image
/// built locally from busybox-static and imported into the k8s.io namespace, for tests that need a real
/// runtime. Containers are started with `ctr run` and kubelet-style labels. Everything the fixture starts
/// is stopped by pid and its directory removed on dispose.
/// </summary>
/// <remarks>
/// Use as an xunit class fixture (one containerd per test class), or <see cref="StartNewAsync"/> for a test
/// that stops and restarts the daemon. Guard the tests with <see cref="RequiresContainerdFactAttribute"/>.
/// </remarks>
public sealed class ContainerdFixture : IAsyncLifetime
{
    /// <summary>The image every container runs: /bin/busybox with sh, cat, sleep, ... symlinks and an /etc/shadow.</summary>
    public const string ImageReference = "docker.io/kite/busybox:test";

    /// <summary>Repository part of <see cref="ImageReference"/>.</summary>
    public const string ImageRepository = "docker.io/kite/busybox";

    public const string Namespace = "k8s.io";

    private static readonly string[] s_busyboxApplets = ["sh", "cat", "sleep", "ls", "id", "echo", "true", "head", "ps", "env", "grep"];

    private readonly List<string> _containers = [];
    private Process? _containerd;

    /// <summary>The fixture's private directory (config, root, state, socket, logs).</summary>
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "kite-ctd-" + Guid.NewGuid().ToString("N")[..10]);

    public string SocketPath => Path.Combine(Directory, "containerd.sock");

    /// <summary>The manifest digest containerd recorded for the imported image (sha256:...).</summary>
    public string ImageDigest { get; private set; } = "";

    /// <summary>The daemon's pid, or 0 when stopped.</summary>
    public int ContainerdPid => _containerd is { HasExited: false } p ? p.Id : 0;

    /// <summary>Runtime options pointing at this containerd only.</summary>
    internal ContainerRuntimeOptions RuntimeOptions => new()
    {
        ContainerdSockets = [SocketPath],
        ContainerdNamespaces = [Namespace],
        HostRoot = "",
        CallTimeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>Creates and starts a fixture outside xunit's fixture lifetime (dispose it with await using).</summary>
    public static async Task<ContainerdFixture> StartNewAsync()
    {
        var fixture = new ContainerdFixture();
        await fixture.InitializeAsync();
        return fixture;
    }

    public async Task InitializeAsync()
    {
        // Skipped tests still construct class fixtures: do nothing where the tests cannot run.
        if (RequiresContainerdFactAttribute.UnavailableReason() is not null)
            return;
        System.IO.Directory.CreateDirectory(Directory);
        WriteConfig();
        await StartContainerdAsync();
        string archive = Path.Combine(Directory, "busybox-image.tar");
        BuildImageArchive(archive);
        await CtrAsync("images", "import", archive);
        string images = await CtrAsync("images", "ls");
        foreach (string line in images.Split('\n'))
        {
            string[] cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (cols.Length > 2 && cols[0] == ImageReference)
                ImageDigest = cols[2];
        }
        if (!ImageDigest.StartsWith("sha256:", StringComparison.Ordinal))
            throw new InvalidOperationException($"image import did not register {ImageReference}:\n{images}");
    }

    /// <summary>Starts (or restarts) the daemon on the same socket, root and state.</summary>
    public async Task StartContainerdAsync()
    {
        if (ContainerdPid != 0)
            throw new InvalidOperationException("containerd is already running");
        var start = new ProcessStartInfo("containerd", ["--config", Path.Combine(Directory, "config.toml")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _containerd = Process.Start(start)!;
        var log = new StreamWriter(Path.Combine(Directory, "containerd.log"), append: true) { AutoFlush = true };
        _containerd.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _containerd.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _containerd.BeginOutputReadLine();
        _containerd.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_containerd.HasExited)
                throw new InvalidOperationException($"containerd exited with {_containerd.ExitCode}; see {Path.Combine(Directory, "containerd.log")}");
            if (File.Exists(SocketPath) && (await RunAsync("ctr", ["-a", SocketPath, "version"], throwOnError: false)).ExitCode == 0)
                return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"containerd did not answer on {SocketPath} within 20 s");
    }

    /// <summary>Stops the daemon (SIGTERM, then SIGKILL). Running containers keep running under their shims.</summary>
    public async Task StopContainerdAsync()
    {
        Process? p = _containerd;
        _containerd = null;
        if (p is null)
            return;
        using (p)
        {
            if (!p.HasExited)
            {
                await RunAsync("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], throwOnError: false);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await p.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    p.Kill();
                    await p.WaitForExitAsync();
                }
            }
        }
    }

    /// <summary>
    /// Starts a detached container running <paramref name="command"/> (default: sleep 600) and returns its
    /// 64-hex id and the host pid of its init process.
    /// </summary>
    public async Task<RunningContainer> RunAsync(IReadOnlyDictionary<string, string>? labels = null, bool privileged = false,
        IReadOnlyList<string>? command = null, string? id = null)
    {
        id ??= NewContainerId();
        var args = new List<string> { "run", "-d" };
        if (privileged)
            args.Add("--privileged");
        foreach (KeyValuePair<string, string> label in labels ?? new Dictionary<string, string>())
            args.AddRange(["--label", $"{label.Key}={label.Value}"]);
        args.AddRange([ImageReference, id]);
        args.AddRange(command ?? ["sleep", "600"]);
        _containers.Add(id);
        await CtrAsync([.. args]);
        return new RunningContainer(id, await GetTaskPidAsync(id));
    }

    /// <summary>Runs a container to completion with --rm (its record is gone when this returns); returns its output.</summary>
    public async Task<string> RunToCompletionAsync(string id, params string[] command)
        => await CtrAsync(["run", "--rm", ImageReference, id, .. command]);

    /// <summary>Host pid of the container's task (0 when it has none).</summary>
    public async Task<int> GetTaskPidAsync(string id)
    {
        string tasks = await CtrAsync("tasks", "ls");
        foreach (string line in tasks.Split('\n'))
        {
            string[] cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (cols.Length >= 2 && cols[0] == id)
                return int.Parse(cols[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        return 0;
    }

    /// <summary>Kills the task and deletes the container record.</summary>
    public async Task RemoveAsync(string id)
    {
        await RunAsync("ctr", ["-a", SocketPath, "-n", Namespace, "tasks", "delete", "--force", id], throwOnError: false);
        await RunAsync("ctr", ["-a", SocketPath, "-n", Namespace, "containers", "delete", id], throwOnError: false);
        _containers.Remove(id);
    }

    /// <summary>Runs ctr against this daemon in the k8s.io namespace; throws with its output when it fails.</summary>
    public async Task<string> CtrAsync(params string[] args)
        => (await RunAsync("ctr", ["-a", SocketPath, "-n", Namespace, .. args], throwOnError: true)).Output;

    /// <summary>A fresh random 64-hex container id, like the ones CRI and docker generate.</summary>
    public static string NewContainerId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public async Task DisposeAsync()
    {
        if (!System.IO.Directory.Exists(Directory))
            return;
        if (ContainerdPid != 0)
        {
            foreach (string id in _containers.ToArray())
                await RemoveAsync(id);
        }
        await StopContainerdAsync();
        // Shims outlive the daemon by design; ours are the ones that name our socket.
        foreach (int pid in FindProcessesMentioning(SocketPath))
            await RunAsync("kill", ["-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], throwOnError: false);
        foreach (string mountPoint in MountsUnder(Directory))
            await RunAsync("umount", ["-l", mountPoint], throwOnError: false);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A lazily unmounted overlay may take a moment; a leftover empty dir in /tmp is harmless.
        }
    }

    private void WriteConfig()
    {
        // Only what ctr run needs: no CRI, no metrics/debug listeners, everything under our directory.
        File.WriteAllText(Path.Combine(Directory, "config.toml"), $"""
            version = 2
            root = "{Directory}/root"
            state = "{Directory}/state"
            disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]
            [grpc]
              address = "{SocketPath}"
            [ttrpc]
              address = "{SocketPath}.ttrpc"
            [debug]
              address = ""
            [metrics]
              address = ""
            """);
    }

    // A docker-archive image (manifest.json, config.json, one layer) that `ctr images import` accepts.
    private static void BuildImageArchive(string path)
    {
        byte[] layer;
        using (var layerStream = new MemoryStream())
        {
            using (var tar = new TarWriter(layerStream, TarEntryFormat.Pax, leaveOpen: true))
            {
                foreach (string dir in new[] { "bin", "etc", "tmp", "proc", "dev", "sys", "root", "run" })
                    tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, dir + "/") { Mode = (UnixFileMode)0b111_101_101 });
                tar.WriteEntry(FileEntry("bin/busybox", File.ReadAllBytes("/bin/busybox"), 0b111_101_101));
                foreach (string applet in s_busyboxApplets)
                    tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/" + applet) { LinkName = "busybox" });
                tar.WriteEntry(FileEntry("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n"u8.ToArray(), 0b110_100_100));
                tar.WriteEntry(FileEntry("etc/group", "root:x:0:\n"u8.ToArray(), 0b110_100_100));
                tar.WriteEntry(FileEntry("etc/shadow", "root:*:19000:0:99999:7:::\n"u8.ToArray(), 0b110_000_000));
            }
            layer = layerStream.ToArray();
        }
        string diffId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(layer));
        byte[] config = Encoding.UTF8.GetBytes(
            "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"sh\"],\"Env\":[\"PATH=/bin\"]}," +
            $"\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[\"{diffId}\"]}}}}");
        byte[] manifest = Encoding.UTF8.GetBytes($"[{{\"Config\":\"config.json\",\"RepoTags\":[\"{ImageReference}\"],\"Layers\":[\"layer.tar\"]}}]");

        using FileStream file = File.Create(path);
        using var archive = new TarWriter(file, TarEntryFormat.Pax);
        archive.WriteEntry(FileEntry("manifest.json", manifest, 0b110_100_100));
        archive.WriteEntry(FileEntry("config.json", config, 0b110_100_100));
        archive.WriteEntry(FileEntry("layer.tar", layer, 0b110_100_100));
    }

    private static PaxTarEntry FileEntry(string name, byte[] content, int mode)
        => new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content), Mode = (UnixFileMode)mode };

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args, bool throwOnError)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process p = Process.Start(start)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(timeout.Token);
        string output = await stdout + await stderr;
        if (throwOnError && p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {p.ExitCode}: {output}");
        return (p.ExitCode, output);
    }

    private static IEnumerable<int> FindProcessesMentioning(string text)
    {
        foreach (string dir in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid) || pid == Environment.ProcessId)
                continue;
            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (cmdline.Contains(text, StringComparison.Ordinal))
                yield return pid;
        }
    }

    private static IEnumerable<string> MountsUnder(string directory)
    {
        var mounts = new List<string>();
        foreach (string line in File.ReadAllLines("/proc/self/mountinfo"))
        {
            string[] fields = line.Split(' ');
            if (fields.Length > 4 && fields[4].StartsWith(directory + "/", StringComparison.Ordinal))
                mounts.Add(fields[4]);
        }
        mounts.Reverse(); // deepest (latest) first
        return mounts;
    }
}

/// <summary>A container started by <see cref="ContainerdFixture.RunAsync"/>.</summary>
public sealed record RunningContainer(string Id, int Pid)
{
    public string ShortId => Id[..12];
}
