using System.Diagnostics;
using System.Text.Json;
using Kite.Agent.Containers;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.Containers;

/// <summary>
/// `kite run` with the upstream Falco rules against a real containerd: alerts from inside a container name
/// the container, its image and its pod; alerts from the host say container.id=host.
/// </summary>
public sealed class ContainerAlertsEndToEndTests(ContainerdFixture containerd) : IClassFixture<ContainerdFixture>, IAsyncLifetime
{
    private static readonly TimeSpan s_alertWait = TimeSpan.FromSeconds(30);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kite-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? _kite;
    private readonly List<string> _kiteOutput = [];

    private string AlertsFile => Path.Combine(_dir, "alerts.json");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_kite is { HasExited: false } kite)
        {
            await RunAsync("kill", "-TERM", kite.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await kite.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                kite.Kill();
            }
        }
        _kite?.Dispose();
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    [RequiresBpfAndContainerdFact]
    public async Task SensitiveFileReadInAContainerCarriesContainerImageAndPod()
    {
        await StartKiteAsync();
        string id = ContainerdFixture.NewContainerId();
        await containerd.RunAsync(new Dictionary<string, string>
        {
            [KubernetesLabels.PodName] = "payments-6d4cf56db6-7xk2p",
            [KubernetesLabels.PodNamespace] = "payments",
            [KubernetesLabels.PodUid] = Guid.NewGuid().ToString(),
            [KubernetesLabels.ContainerName] = "api",
        }, command: ["sh", "-c", "sleep 1; cat /etc/shadow; sleep 600"], id: id);

        JsonElement alert = await WaitForAlertAsync(a =>
            Field(a, "container.id") == id[..12] && Field(a, "fd.name") == "/etc/shadow");

        Assert.Equal("Read sensitive file untrusted", alert.GetProperty("rule").GetString());
        Assert.Equal(ContainerdFixture.ImageRepository, Field(alert, "container.image.repository"));
        Assert.Equal("test", Field(alert, "container.image.tag"));
        Assert.Equal("payments-6d4cf56db6-7xk2p", Field(alert, "k8s.pod.name"));
        Assert.Equal("payments", Field(alert, "k8s.ns.name"));
        Assert.Equal("api", Field(alert, "container.name"));
        Assert.Contains("container_id=" + id[..12], alert.GetProperty("output").GetString(), StringComparison.Ordinal);
    }

    [RequiresBpfAndContainerdFact]
    public async Task SensitiveFileReadOnTheHostSaysHost()
    {
        await StartKiteAsync();
        await RunAsync("cat", "/etc/shadow");

        JsonElement alert = await WaitForAlertAsync(a =>
            Field(a, "fd.name") == "/etc/shadow" && Field(a, "proc.name") == "cat" && Field(a, "container.id") == "host");

        Assert.Equal("host", Field(alert, "container.name"));
        Assert.Null(Field(alert, "k8s.pod.name"));
        Assert.Null(Field(alert, "container.image.repository"));
    }

    [RequiresBpfAndContainerdFact]
    public async Task InteractiveShellInAContainerIsATerminalShellInContainer()
    {
        await StartKiteAsync();
        string id = ContainerdFixture.NewContainerId();
        // ctr run -t needs a terminal: script(1) gives it a pty. The shell reads "exit" and leaves.
        var start = new ProcessStartInfo("script", ["-qec",
            $"ctr -a {containerd.SocketPath} -n {ContainerdFixture.Namespace} run -t --rm --label {KubernetesLabels.PodName}=shell-0 {ContainerdFixture.ImageReference} {id} sh",
            "/dev/null"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process shell = Process.Start(start)!;
        await Task.Delay(TimeSpan.FromSeconds(2));
        await shell.StandardInput.WriteLineAsync("exit");
        await shell.StandardInput.FlushAsync();

        JsonElement alert = await WaitForAlertAsync(a =>
            a.GetProperty("rule").GetString() == "Terminal shell in container" && Field(a, "container.id") == id[..12]);

        Assert.Equal(id, Field(alert, "container.full_id") ?? id);
        // The shell is the container's first process: kite run holds this first alert (bounded) until the
        // runtime lookup is done, so even this alert names the pod and the image.
        Assert.Equal("shell-0", Field(alert, "k8s.pod.name"));
        Assert.Equal(ContainerdFixture.ImageRepository, Field(alert, "container.image.repository"));
        Assert.Contains("shell-0", alert.GetProperty("output").GetString(), StringComparison.Ordinal);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await shell.WaitForExitAsync(timeout.Token);
    }

    private async Task StartKiteAsync()
    {
        Directory.CreateDirectory(_dir);
        string rules = Path.Combine(TestEnvironment.SharedCompatDir!, "rules", "falco_rules.yaml");
        var start = new ProcessStartInfo(Path.Combine(TestEnvironment.OutDir, "kite"),
        [
            "run", "-r", rules,
            "-o", "json_output=true",
            "-o", "stdout_output.enabled=false",
            "-o", "file_output.enabled=true",
            "-o", $"file_output.filename={AlertsFile}",
            "-o", $"kite.container_runtime_sockets=[{containerd.SocketPath}]",
            // Not needed here, and its fixed default port collides with any other agent on the machine.
            "-o", "webserver.enabled=false",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _kite = Process.Start(start)!;
        _kite.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_kiteOutput) _kiteOutput.Add(e.Data); };
        _kite.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_kiteOutput) _kiteOutput.Add(e.Data); };
        _kite.BeginOutputReadLine();
        _kite.BeginErrorReadLine();

        // Ready once the probe is attached: a host `cat /etc/shadow` then produces an alert.
        var deadline = DateTime.UtcNow + s_alertWait;
        while (DateTime.UtcNow < deadline)
        {
            if (_kite.HasExited)
                throw new InvalidOperationException($"kite run exited with {_kite.ExitCode}:\n{KiteOutput()}");
            await RunAsync("cat", "/etc/shadow");
            if (ReadAlerts().Any(a => Field(a, "fd.name") == "/etc/shadow"))
                return;
            await Task.Delay(250);
        }
        throw new TimeoutException($"kite run produced no alert within {s_alertWait}:\n{KiteOutput()}");
    }

    private async Task<JsonElement> WaitForAlertAsync(Func<JsonElement, bool> match)
    {
        var deadline = DateTime.UtcNow + s_alertWait;
        while (DateTime.UtcNow < deadline)
        {
            foreach (JsonElement alert in ReadAlerts())
            {
                if (match(alert))
                    return alert;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"no matching alert within {s_alertWait}; alerts:\n{(File.Exists(AlertsFile) ? File.ReadAllText(AlertsFile) : "(none)")}\nkite:\n{KiteOutput()}");
    }

    private List<JsonElement> ReadAlerts()
    {
        var alerts = new List<JsonElement>();
        if (!File.Exists(AlertsFile))
            return alerts;
        using var stream = new FileStream(AlertsFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (!line.StartsWith('{'))
                continue;
            try
            {
                alerts.Add(JsonDocument.Parse(line).RootElement.Clone());
            }
            catch (JsonException)
            {
                // A line still being written.
            }
        }
        return alerts;
    }

    private static string? Field(JsonElement alert, string name)
        => alert.TryGetProperty("output_fields", out JsonElement fields) && fields.TryGetProperty(name, out JsonElement v)
            ? v.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => v.GetString(),
                _ => v.ToString(),
            }
            : null;

    private string KiteOutput()
    {
        lock (_kiteOutput)
            return string.Join('\n', _kiteOutput.TakeLast(40));
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process p = Process.Start(start)!;
        await p.StandardOutput.ReadToEndAsync();
        await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
    }
}

/// <summary>Both a live probe (root, BTF, built shim) and containerd; never skipped under CI.</summary>
public sealed class RequiresBpfAndContainerdFactAttribute : FactAttribute
{
    public RequiresBpfAndContainerdFactAttribute()
    {
        if (TestEnvironment.IsCi)
            return;
        string? reason = TestEnvironment.BpfUnavailableReason() ?? RequiresContainerdFactAttribute.UnavailableReason();
        if (reason is null && TestEnvironment.SharedCompatDir is null)
            reason = "requires ../shared/compat (the upstream Falco rules)";
        if (reason is not null)
            Skip = reason;
    }
}
