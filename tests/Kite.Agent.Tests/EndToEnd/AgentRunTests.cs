using System.Text.Json;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.EndToEnd;

/// <summary>
/// `kite run` as operators run it: the built binary, real eBPF capture, the upstream rules or a rules
/// file of the test's own, real processes doing what the rules look for, alerts read back from a file.
/// </summary>
[Trait("Category", "Privileged")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AgentRunTests : IDisposable
{
    private static readonly TimeSpan s_alertTimeout = TimeSpan.FromSeconds(30);

    private readonly string _dir = Directory.CreateTempSubdirectory("kite-e2e-").FullName;

    private string AlertsFile => Path.Combine(_dir, "alerts.json");

    /// <summary>The options every run here shares: JSON alerts into this test's file, nothing on stdout, no listener.</summary>
    private string[] CommonOptions(params string[] extra) =>
    [
        "-o", "json_output=true",
        "-o", "file_output.enabled=true",
        "-o", $"file_output.filename={AlertsFile}",
        "-o", "stdout_output.enabled=false",
        "-o", "watch_config_files=false",
        .. extra.Any(e => e.StartsWith("webserver.", StringComparison.Ordinal)) ? [] : (string[])["-o", "webserver.enabled=false"],
        .. extra,
    ];

    [RequiresBpfFact]
    public async Task UpstreamRulesAlertOnShadowReadShellUnderWebServerAndSensitiveSymlink()
    {
        string compat = TestEnvironment.SharedCompatDir ?? throw new InvalidOperationException("../shared/compat (the upstream rules) is required");
        string upstream = Path.Combine(compat, "rules", "falco_rules.yaml");
        using KiteProcess kite = await KiteProcess.StartAsync(["run", "-r", upstream, .. CommonOptions()]);

        // Trigger: a copy of cat under a name no trusted list knows, a shell whose parent is named
        // like a web server, and a symlink onto /etc/shadow.
        string reader = Path.Combine(_dir, "shadowreader");
        File.Copy("/bin/cat", reader);
        File.SetUnixFileMode(reader, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        KiteProcess.Run(reader, "/etc/shadow");
        string nginx = Path.Combine(_dir, "nginx");
        File.Copy("/bin/bash", nginx);
        File.SetUnixFileMode(nginx, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        KiteProcess.Run(nginx, "-c", "sh -c true; true");
        string link = Path.Combine(_dir, "shadow-link");
        KiteProcess.Run("/bin/ln", "-s", "/etc/shadow", link);

        JsonElement read = await WaitForAlertAsync("Read sensitive file untrusted", a => Field(a, "proc.exepath") == reader);
        JsonElement shell = await WaitForAlertAsync("Run shell untrusted", a => Field(a, "proc.pname") == "nginx");
        JsonElement symlink = await WaitForAlertAsync("Create Symlink Over Sensitive Files", a => Field(a, "evt.arg.linkpath") == link);
        Assert.Equal(0, await kite.StopAsync());

        // Assert the fields a SOC analyst reads.
        Assert.Equal("Warning", read.GetProperty("priority").GetString());
        Assert.Equal("/etc/shadow", Field(read, "fd.name"));
        Assert.Equal("shadowreader", Field(read, "proc.name"));
        Assert.Equal("root", Field(read, "user.name"));
        Assert.Equal("openat", Field(read, "evt.type"));
        Assert.Equal("host", Field(read, "container.id"));
        Assert.Equal(JsonValueKind.Number, read.GetProperty("output_fields").GetProperty("user.uid").ValueKind);
        Assert.Equal(JsonValueKind.Null, read.GetProperty("output_fields").GetProperty("k8s.pod.name").ValueKind);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$", read.GetProperty("time").GetString());
        Assert.Contains("maturity_stable", read.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));

        Assert.Equal("sh", Field(shell, "proc.name"));
        Assert.Contains("sh -c true", Field(shell, "proc.cmdline"));

        Assert.Equal("/etc/shadow", Field(symlink, "evt.arg.target"));
        Assert.StartsWith("symlink", Field(symlink, "evt.type"));
    }

    [RequiresBpfFact]
    public async Task SighupWithABrokenRulesFileKeepsTheRunningRules()
    {
        string marker = $"kite-reload-{Guid.NewGuid():N}";
        string rules = Path.Combine(_dir, "rules.yaml");
        await File.WriteAllTextAsync(rules, MarkerRule("Marker opened", marker));
        using KiteProcess kite = await KiteProcess.StartAsync(["run", "-r", rules, .. CommonOptions()]);

        await File.WriteAllTextAsync(rules, "- rule: broken\n  condition: evt.type = open and (\n  output: x\n  priority: WARNING\n  desc: d\n");
        kite.Signal("HUP");
        await kite.WaitForLogAsync("reload failed", TimeSpan.FromSeconds(30));

        // Trigger after the failed reload: the old rule must still fire.
        string target = Path.Combine(_dir, marker);
        await File.WriteAllTextAsync(target, "x");
        KiteProcess.Run("/bin/cat", target);
        await WaitForAlertAsync("Marker opened", a => Field(a, "fd.name") == target);

        // A valid file on the next SIGHUP is picked up.
        await File.WriteAllTextAsync(rules, MarkerRule("Marker opened again", marker));
        kite.Signal("HUP");
        await kite.WaitForLogAsync("rules reloaded", TimeSpan.FromSeconds(30));
        KiteProcess.Run("/bin/cat", target);
        await WaitForAlertAsync("Marker opened again", a => Field(a, "fd.name") == target);
        Assert.Equal(0, await kite.StopAsync());
    }

    [RequiresBpfFact]
    public async Task SigtermDrainsASlowOutputBeforeExit()
    {
        const int Count = 20;
        string marker = $"kite-drain-{Guid.NewGuid():N}";
        string rules = Path.Combine(_dir, "rules.yaml");
        await File.WriteAllTextAsync(rules, MarkerRule("Marker opened", marker));
        // Created before the agent starts: only the reads below may match.
        string target = Path.Combine(_dir, marker);
        await File.WriteAllTextAsync(target, "x");
        string slowSink = Path.Combine(_dir, "slow-sink.json");
        // A consumer that needs 0.2 s per alert: most alerts are still queued when SIGTERM arrives.
        string program = $"while read -r line; do sleep 0.2; echo \"$line\" >> {slowSink}; done";
        using KiteProcess kite = await KiteProcess.StartAsync(["run", "-r", rules, .. CommonOptions(
            "-o", "program_output.enabled=true",
            "-o", "program_output.keep_alive=true",
            "-o", $"program_output.program={program}")]);

        KiteProcess.Run("/bin/sh", "-c", $"for i in $(seq {Count}); do cat {target} > /dev/null; done");
        await WaitForAlertsAsync("Marker opened", Count);

        Assert.Equal(0, await kite.StopAsync(TimeSpan.FromSeconds(60)));

        string[] lines = File.Exists(slowSink) ? await File.ReadAllLinesAsync(slowSink) : [];
        Assert.Equal(Count, lines.Count(l => l.Contains(marker, StringComparison.Ordinal)));
    }

    [RequiresBpfFact]
    public async Task AuditWebhookRequiresItsTokenAndRaisesTheDefaultAuditRules()
    {
        string tokenFile = Path.Combine(_dir, "audit-token");
        string token = Guid.NewGuid().ToString("N");
        await File.WriteAllTextAsync(tokenFile, token + "\n");
        int port = FreeLoopbackPort();
        string[] options = CommonOptions("-o", "webserver.enabled=true", "-o", $"webserver.listen_port={port}",
            "-o", "webserver.listen_address=127.0.0.1", "-o", $"kite.k8s_audit_bearer_token_file={tokenFile}");
        using KiteProcess kite = await KiteProcess.StartAsync(["run", .. options]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        string body = Audit.AuditEventSamples.List(Audit.AuditEventSamples.PodExec);

        using var anonymous = await http.PostAsync("/k8s-audit", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/k8s-audit") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var authorized = await http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.True(authorized.IsSuccessStatusCode, $"{authorized.StatusCode}: {await authorized.Content.ReadAsStringAsync()}");
        JsonElement alert = await WaitForAlertAsync("Exec or Attach Into Pod", _ => true);
        Assert.Equal("k8s_audit", alert.GetProperty("source").GetString());
        string metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("# TYPE kite_k8s_audit_requests_total counter", metrics);
        Assert.Contains("kite_k8s_audit_requests_total{result=\"unauthorized\"} 1", metrics);
        Assert.Equal(0, await kite.StopAsync());
    }

    [RequiresBpfFact]
    public async Task BrokenRulesFileStopsStartupWithFileLineAndColumn()
    {
        string rules = Path.Combine(_dir, "bad.yaml");
        await File.WriteAllTextAsync(rules, "- rule: Bad field\n  desc: d\n  condition: evt.type = open and proc.nosuchfield = x\n  output: o\n  priority: WARNING\n");

        var (code, _, stderr) = await KiteProcess.RunToExitAsync(TimeSpan.FromSeconds(60), "run", "-r", rules);

        Assert.Equal(1, code);
        Assert.Contains($"{rules}:3:", stderr);
        Assert.Contains("Bad field", stderr);
        Assert.Contains("proc.nosuchfield", stderr);
    }

    [Fact]
    public async Task InvalidConfigurationStopsStartupWithOneLine()
    {
        Assert.True(File.Exists(KiteProcess.Executable), "out/kite not built (run make build)");
        var (code, _, stderr) = await KiteProcess.RunToExitAsync(TimeSpan.FromSeconds(60), "run", "-o", "outputs_queue.capacity=lots");

        Assert.Equal(1, code);
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("outputs_queue.capacity", lines[0]);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string MarkerRule(string name, string marker) => $"""
        - rule: {name}
          desc: a file whose name carries the test's marker was opened
          condition: evt.type in (open, openat, openat2) and fd.name contains {marker}
          output: marker opened (file=%fd.name process=%proc.name)
          priority: NOTICE
          tags: [test]
        """;

    private static string Field(JsonElement alert, string name) =>
        alert.GetProperty("output_fields").TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private async Task<JsonElement> WaitForAlertAsync(string rule, Func<JsonElement, bool> match)
    {
        var deadline = DateTime.UtcNow + s_alertTimeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (JsonElement alert in ReadAlerts())
            {
                if (alert.GetProperty("rule").GetString() == rule && match(alert))
                    return alert;
            }
            await Task.Delay(200);
        }
        string seen = string.Join("\n", ReadAlerts().Select(a => a.GetProperty("rule").GetString()));
        Assert.Fail($"no '{rule}' alert within {s_alertTimeout.TotalSeconds} s; alerts seen:\n{seen}");
        return default;
    }

    private async Task WaitForAlertsAsync(string rule, int count)
    {
        var deadline = DateTime.UtcNow + s_alertTimeout;
        while (ReadAlerts().Count(a => a.GetProperty("rule").GetString() == rule) < count)
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"fewer than {count} '{rule}' alerts within {s_alertTimeout.TotalSeconds} s");
            await Task.Delay(200);
        }
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
            if (line.Length > 0)
                alerts.Add(JsonDocument.Parse(line).RootElement.Clone());
        }
        return alerts;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
