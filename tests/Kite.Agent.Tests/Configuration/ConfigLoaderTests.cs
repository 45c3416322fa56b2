using Kite.Agent.Configuration;
using Kite.Protocol.Alerts;
using Kite.TestUtilities;
using Microsoft.Extensions.Logging;

namespace Kite.Agent.Tests.Configuration;

public sealed class ConfigLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kite-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string yaml, string name = "falco.yaml")
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    private AgentConfig LoadYaml(string yaml) => ConfigLoader.Load(Write(yaml)).Config;

    private string ErrorOf(string yaml) => Assert.Throws<ConfigException>(() => ConfigLoader.Load(Write(yaml))).Message;

    [Fact]
    public void NoArgumentsGivesEmbeddedDefaults()
    {
        ConfigLoadResult result = ConfigLoader.Load();

        Assert.Empty(result.Warnings);
        AgentConfig c = result.Config;
        Assert.True(c.UsesEmbeddedRules);
        Assert.True(c.StdoutOutput.Enabled);
        Assert.False(c.FileOutput.Enabled);
        Assert.False(c.SyslogOutput.Enabled);
        Assert.False(c.HttpOutput.Enabled);
        Assert.False(c.ProgramOutput.Enabled);
        Assert.False(c.Grpc.Enabled);
        Assert.Equal(8765, c.Webserver.ListenPort);
        Assert.Equal(AgentConfig.DefaultOutputsQueueCapacity, c.OutputsQueueCapacity);
        Assert.Equal(AlertPriority.Debug, c.MinimumPriority);
        Assert.Empty(c.SourceFiles);
    }

    [RequiresSharedCompatFact]
    public void SharedFalcoYamlLoadsWithZeroErrorsAndWarnsOncePerIgnoredKey()
    {
        string path = Path.Combine(TestEnvironment.SharedCompatDir!, "falco.yaml");

        ConfigLoadResult result = ConfigLoader.Load(path);

        AgentConfig c = result.Config;
        Assert.Equal(["/etc/falco/falco_rules.yaml", "/etc/falco/falco_rules.local.yaml", "/etc/falco/rules.d"], c.RulesFiles.ToArray());
        Assert.True(c.StdoutOutput.Enabled);
        Assert.True(c.SyslogOutput.Enabled);
        Assert.False(c.FileOutput.Enabled);
        Assert.Equal("./events.txt", c.FileOutput.Filename);
        Assert.Equal("falcosecurity/falco", c.HttpOutput.UserAgent);
        Assert.Equal(SyscallDropActions.Log | SyscallDropActions.Alert, c.SyscallEventDrops.Actions);
        Assert.Equal(0.03333, c.SyscallEventDrops.Rate);
        Assert.Equal(AgentConfig.DefaultOutputsQueueCapacity, c.OutputsQueueCapacity);
        Assert.Equal("0.0.0.0", c.Webserver.ListenAddress);
        Assert.False(c.Webserver.PrometheusMetricsEnabled);
        Assert.Equal(LogLevel.Information, c.Logging.Level);
        Assert.Equal(result.Warnings.Length, result.Warnings.Distinct().Count());
        Assert.Contains(result.Warnings, w => w.StartsWith("engine: not implemented", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.StartsWith("metrics: not implemented", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Warnings, w => w.Contains("unknown key", StringComparison.Ordinal));
    }

    public static IEnumerable<object[]> EveryKey => s_everyKey;

    // Func<AgentConfig, ...> cannot appear in a public signature (AgentConfig is internal), hence object below.
    private static readonly TheoryData<string, Func<AgentConfig, object>, object> s_everyKey = new()
    {
        { "rules_files: [a.yaml, /b]", c => string.Join(",", c.RulesFiles), "a.yaml,/b" },
        { "rules_file: old.yaml", c => string.Join(",", c.RulesFiles), "old.yaml" },
        { "rules_file: old.yaml\nrules_files: [new.yaml]", c => string.Join(",", c.RulesFiles), "new.yaml" },
        { "priority: warning", c => c.MinimumPriority, AlertPriority.Warning },
        { "priority: INFO", c => c.MinimumPriority, AlertPriority.Informational },
        { "json_output: true", c => c.Format.Json, true },
        { "json_include_output_property: false", c => c.Format.IncludeOutput, false },
        { "json_include_tags_property: false", c => c.Format.IncludeTags, false },
        { "json_include_message_property: true", c => c.Format.IncludeMessage, true },
        { "json_include_output_fields_property: false", c => c.Format.IncludeOutputFields, false },
        { "time_format_iso_8601: true", c => c.Format.TimeIso8601, true },
        { "buffered_outputs: true", c => c.BufferedOutputs, true },
        { "log_stderr: false", c => c.Logging.Stderr, false },
        { "log_syslog: true", c => c.Logging.Syslog, true },
        { "log_level: debug", c => c.Logging.Level, LogLevel.Debug },
        { "log_level: notice", c => c.Logging.Level, LogLevel.Information },
        { "log_level: critical", c => c.Logging.Level, LogLevel.Critical },
        { "outputs: {rate: 2.5, max_burst: 7}", c => (c.OutputsRateLimit.Rate, c.OutputsRateLimit.MaxBurst), (2.5, 7) },
        { "outputs_queue: {capacity: 42}", c => c.OutputsQueueCapacity, 42 },
        { "outputs_queue: {capacity: 0}", c => c.OutputsQueueCapacity, AgentConfig.DefaultOutputsQueueCapacity },
        { "output_timeout: 500", c => c.OutputTimeoutMs, 500 },
        { "rule_matching: all", c => c.RuleMatching, RuleMatching.All },
        { "rules:\n  - disable: {rule: '*'}\n  - enable: {tag: network}", c => string.Join(";", c.RuleSelectors.Select(s => $"{s.Enable}/{s.Kind}/{s.Pattern}")), "False/Rule/*;True/Tag/network" },
        { "syscall_event_drops: {actions: [ignore]}", c => c.SyscallEventDrops.Actions, SyscallDropActions.None },
        { "syscall_event_drops: {actions: [log, exit], threshold: 0, rate: 1, max_burst: 3, simulate_drops: true}", c => (c.SyscallEventDrops.Actions, c.SyscallEventDrops.Threshold, c.SyscallEventDrops.Rate, c.SyscallEventDrops.MaxBurst, c.SyscallEventDrops.SimulateDrops), (SyscallDropActions.Log | SyscallDropActions.Exit, 0.0, 1.0, 3, true) },
        { "stdout_output: {enabled: false}", c => c.StdoutOutput.Enabled, false },
        { "file_output: {enabled: true, keep_alive: true, filename: /tmp/x.json}", c => (c.FileOutput.Enabled, c.FileOutput.KeepAlive, c.FileOutput.Filename), (true, true, "/tmp/x.json") },
        { "syslog_output: {enabled: true}", c => c.SyslogOutput.Enabled, true },
        { "kite: {syslog_socket: /run/x.sock, syslog_facility: local3}", c => (c.SyslogOutput.SocketPath, c.SyslogOutput.Facility), ("/run/x.sock", 19) },
        { "program_output: {enabled: true, keep_alive: true, program: 'cat >> /tmp/a'}", c => (c.ProgramOutput.Enabled, c.ProgramOutput.KeepAlive, c.ProgramOutput.Program), (true, true, "cat >> /tmp/a") },
        { "http_output: {enabled: true, url: 'http://127.0.0.1:2801/', user_agent: ua, insecure: true, compress_uploads: true, keep_alive: false, echo: true}", c => (c.HttpOutput.Url, c.HttpOutput.UserAgent, c.HttpOutput.Insecure, c.HttpOutput.CompressUploads, c.HttpOutput.KeepAlive, c.HttpOutput.Echo), ("http://127.0.0.1:2801/", "ua", true, true, false, true) },
        { "http_output: {ca_path: /etc/pki, mtls: true, client_cert: /c.crt, client_key: /c.key}", c => (c.HttpOutput.CaPath, c.HttpOutput.Mtls, c.HttpOutput.ClientCert, c.HttpOutput.ClientKey), ("/etc/pki", true, "/c.crt", "/c.key") },
        { "kite: {http_output: {max_attempts: 3, initial_backoff_ms: 5, max_backoff_ms: 50}}", c => (c.HttpOutput.Retry.MaxAttempts, c.HttpOutput.Retry.InitialBackoffMs, c.HttpOutput.Retry.MaxBackoffMs), (3, 5, 50) },
        { "grpc: {enabled: true, bind_address: 'unix:///run/k.sock', threadiness: 4}", c => (c.Grpc.Enabled, c.Grpc.UnixSocketPath, c.Grpc.Threadiness), (true, "/run/k.sock", 4) },
        { "grpc: {private_key: /k, cert_chain: /c, root_certs: /r}", c => (c.Grpc.PrivateKey, c.Grpc.CertChain, c.Grpc.RootCerts), ("/k", "/c", "/r") },
        { "grpc_output: {enabled: true}", c => c.GrpcOutputEnabled, true },
        { "webserver: {enabled: false}", c => c.Webserver.Enabled, false },
        { "webserver: {listen_port: 9000, listen_address: 127.0.0.1, k8s_audit_endpoint: /audit, k8s_healthz_endpoint: /hz, prometheus_metrics_enabled: false, threadiness: 2}", c => (c.Webserver.ListenPort, c.Webserver.ListenAddress, c.Webserver.K8sAuditEndpoint, c.Webserver.K8sHealthzEndpoint, c.Webserver.PrometheusMetricsEnabled, c.Webserver.Threadiness), (9000, "127.0.0.1", "/audit", "/hz", false, 2) },
        { "base_syscalls: {custom_set: [clone, '!write'], repair: true, all: true}", c => (string.Join(",", c.BaseSyscalls.CustomSet), c.BaseSyscalls.Repair, c.BaseSyscalls.All), ("clone,!write", true, true) },
        { "watch_config_files: false", c => c.WatchConfigFiles, false },
        { "kite: {host_names: {kubernetes.default.svc.cluster.local: [10.96.0.1, 'fd00::1']}}", c => string.Join(",", c.Kite.HostNames["kubernetes.default.svc.cluster.local"]), "10.96.0.1,fd00::1" },
        { "kite: {ring_buffer_size_mb: 64, container_runtime_sockets: [/x.sock], output_queue_capacity: 5, shutdown_timeout_ms: 100, health_stale_after_s: 9}", c => (c.Kite.RingBufferSizeMb, string.Join(",", c.Kite.ContainerRuntimeSockets), c.Kite.OutputQueueCapacity, c.Kite.ShutdownTimeoutMs, c.Kite.HealthStaleAfterSeconds), (64, "/x.sock", 5, 100, 9) },
        { "file_output: {enabled: yes}", c => c.FileOutput.Enabled, true },
        { "stdout_output:", c => c.StdoutOutput.Enabled, true },
    };

    [Theory]
    [MemberData(nameof(EveryKey))]
    public void EveryKeyIsRead(string yaml, object read, object expected)
    {
        ConfigLoadResult result = ConfigLoader.Load(Write(yaml));

        Assert.Equal(expected, ((Func<AgentConfig, object>)read)(result.Config));
        Assert.Empty(result.Warnings);
    }

    public static TheoryData<string, string> InvalidConfigs => new()
    {
        { "json_output: maybe", "json_output: expected true or false, got 'maybe'" },
        { "priority: loud", "priority: unknown priority 'loud'" },
        { "log_level: chatty", "log_level: unknown level 'chatty'" },
        { "rule_matching: some", "rule_matching: expected first or all" },
        { "outputs_queue: {capacity: -1}", "outputs_queue.capacity: -1 is out of range" },
        { "outputs: {rate: fast}", "outputs.rate: expected a number" },
        { "outputs: {max_burst: 0}", "outputs.max_burst: 0 is out of range" },
        { "syscall_event_drops: {actions: [panic]}", "syscall_event_drops.actions: unknown action 'panic'" },
        { "syscall_event_drops: {threshold: 2}", "syscall_event_drops.threshold: 2 is out of range [0, 1]" },
        { "file_output: {enabled: true, filename: ''}", "file_output.filename: must name a file" },
        { "file_output: [a, b]", "file_output: expected a mapping" },
        { "program_output: {enabled: true}", "program_output.program: must be a shell command" },
        { "http_output: {enabled: true, url: 'ftp://x'}", "http_output.url: must be an absolute http:// or https:// URL" },
        { "http_output: {enabled: true, url: 'https://u:secret@h/x?token=t', ca_cert: /nonexistent/ca.pem}", "http_output.ca_cert: file '/nonexistent/ca.pem' does not exist" },
        { "http_output: {enabled: true, url: 'https://h/', mtls: true, client_cert: /nonexistent/c.crt}", "http_output.client_cert: file '/nonexistent/c.crt' does not exist" },
        { "grpc: {enabled: true, bind_address: '0.0.0.0:5060', private_key: /nonexistent/k}", "grpc.private_key: file '/nonexistent/k' does not exist" },
        { "grpc: {enabled: true, bind_address: 'unix://relative.sock'}", "grpc.bind_address: a unix:// address needs an absolute socket path" },
        { "grpc: {enabled: true, bind_address: 'nowhere'}", "grpc.bind_address: expected unix:///path or address:port" },
        { "webserver: {listen_port: 70000}", "webserver.listen_port: 70000 is out of range [0, 65535]" },
        { "webserver: {listen_address: 'not an ip'}", "webserver.listen_address: expected an IP address" },
        { "webserver: {k8s_audit_endpoint: audit}", "webserver.k8s_audit_endpoint: expected a URL path starting with '/'" },
        { "webserver: {ssl_enabled: true, ssl_certificate: /nonexistent/k.pem}", "webserver.ssl_certificate: file '/nonexistent/k.pem' does not exist" },
        { "base_syscalls: {custom_set: ['open at']}", "base_syscalls.custom_set: 'open at' is not a syscall name" },
        { "kite: {ring_buffer_size_mb: 3}", "kite.ring_buffer_size_mb: 3 is not a power of two" },
        { "kite: {syslog_facility: mars}", "kite.syslog_facility: unknown facility 'mars'" },
        { "kite: {k8s_audit_bearer_token_file: /nonexistent/token}", "kite.k8s_audit_bearer_token_file: '/nonexistent/token' does not exist or is empty" },
        { "kite: {host_names: {api.test: [10.0.0.300]}}", "kite.host_names.api.test: '10.0.0.300' is not an IP address" },
        { "rules: [{enable: {}}]", "rules: 'enable:' needs exactly one of" },
        { "rules: [{keep: {rule: x}}]", "rules: unknown action 'keep'" },
        { "rules_files: {a: b}", "rules_files: expected a list of strings" },
        { "- just\n- a list", "the configuration must be a mapping" },
        { "a: [unclosed", "invalid YAML" },
        { "stdout_output: {enabled: true}\nstdout_output: {enabled: false}", "invalid YAML" },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public void InvalidValueFailsWithOneLineNamingTheKey(string yaml, string expected)
    {
        string message = ErrorOf(yaml);

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void ErrorNamesFileLineAndColumn()
    {
        string message = ErrorOf("stdout_output:\n  enabled: true\nfile_output:\n  enabled: sometimes\n");

        Assert.EndsWith($"({Path.Combine(_dir, "falco.yaml")}:4:12)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorMessagesNeverShowUrlCredentials()
    {
        string message = ErrorOf("http_output: {enabled: true, url: 'ftp://user:hunter2@h/x?token=abc'}");

        Assert.DoesNotContain("hunter2", message, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownKeysAreWarningsNamingTheDottedPath()
    {
        ConfigLoadResult result = ConfigLoader.Load(Write("stdout_output: {enabled: true, colour: red}\nno_such_key: 1\nkite: {warp_speed: 9}"));

        Assert.Equal(3, result.Warnings.Length);
        Assert.Contains(result.Warnings, w => w.StartsWith("stdout_output.colour: unknown key", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.StartsWith("no_such_key: unknown key", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.StartsWith("kite.warp_speed: unknown key", StringComparison.Ordinal));
    }

    [Fact]
    public void OverridesSetDottedKeysWithYamlValues()
    {
        AgentConfig c = ConfigLoader.Load(Write("file_output: {enabled: false}"), overrides:
            ["file_output.enabled=true", "file_output.filename=/tmp/a.json", "json_output=true", "outputs.rate=3", "kite.http_output.max_attempts=2"]).Config;

        Assert.True(c.FileOutput.Enabled);
        Assert.Equal("/tmp/a.json", c.FileOutput.Filename);
        Assert.True(c.Format.Json);
        Assert.Equal(3, c.OutputsRateLimit.Rate);
        Assert.Equal(2, c.HttpOutput.Retry.MaxAttempts);
    }

    [Fact]
    public void OverridesWorkWithoutAConfigFile()
    {
        AgentConfig c = ConfigLoader.Load(overrides: ["stdout_output.enabled=false", "priority=error"]).Config;

        Assert.False(c.StdoutOutput.Enabled);
        Assert.Equal(AlertPriority.Error, c.MinimumPriority);
    }

    [Theory]
    [InlineData(new[] { "rules_files=[a,b]" }, "a,b")]
    [InlineData(new[] { "rules_files=a", "rules_files=b", "rules_files=c" }, "a,b,c")]
    [InlineData(new[] { "rules_files=[a]", "rules_files=[b,c]" }, "a,b,c")]
    [InlineData(new[] { "rules_files[]=extra.yaml" }, "base.yaml,extra.yaml")]
    [InlineData(new[] { "rules_files=single.yaml" }, "single.yaml")]
    public void ListOverridesTakeFlowListsOrRepeatedKeys(string[] overrides, string expected)
    {
        AgentConfig c = ConfigLoader.Load(Write("rules_files: [base.yaml]"), overrides: overrides).Config;

        Assert.Equal(expected, string.Join(",", c.RulesFiles));
    }

    [Fact]
    public void InvalidOverrideNamesTheOption()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(overrides: ["webserver.listen_port=http"]));

        Assert.Equal("webserver.listen_port: expected an integer, got 'http' (from -o webserver.listen_port=http)", e.Message);
    }

    [Theory]
    [InlineData("novalue")]
    [InlineData("=x")]
    [InlineData("a..b=1")]
    [InlineData("plugins[0].name=x")]
    public void MalformedOverrideIsRejected(string option)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(overrides: [option]));

        Assert.StartsWith($"-o {option}:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RulesFileOptionsReplaceRulesFilesAndLegacyRulesFile()
    {
        string path = Write("rules_files: [/etc/falco/falco_rules.yaml]\nrules_file: legacy.yaml");

        AgentConfig c = ConfigLoader.Load(path, rulesFiles: ["mine.yaml", "/opt/more"]).Config;

        Assert.Equal(["mine.yaml", "/opt/more"], c.RulesFiles.ToArray());
    }

    [Fact]
    public void RulesFileOptionsWinOverOverrides()
    {
        AgentConfig c = ConfigLoader.Load(rulesFiles: ["r.yaml"], overrides: ["rules_files=[o.yaml]"]).Config;

        Assert.Equal(["r.yaml"], c.RulesFiles.ToArray());
    }

    [Fact]
    public void ConfigFilesAreMergedInNameOrderAndMissingOnesSkipped()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "config.d"));
        Write("rules_files: [b.yaml]\nfile_output: {enabled: true, filename: /tmp/b}", "config.d/20-b.yaml");
        Write("rules_files: [a.yaml]\njson_output: true", "config.d/10-a.yaml");
        Write("priority: error", "override.yaml");
        string main = Write("""
            config_files:
              - config.d
              - /nonexistent/dir
              - path: override.yaml
                strategy: add-only
            rules_files: [main.yaml]
            priority: warning
            """);

        ConfigLoadResult result = ConfigLoader.Load(main);

        Assert.Empty(result.Warnings);
        Assert.Equal(["main.yaml", "a.yaml", "b.yaml"], result.Config.RulesFiles.ToArray());
        Assert.True(result.Config.Format.Json);
        Assert.Equal("/tmp/b", result.Config.FileOutput.Filename);
        Assert.Equal(AlertPriority.Warning, result.Config.MinimumPriority);
        Assert.Equal(4, result.Config.SourceFiles.Length);
    }

    [Fact]
    public void ErrorInAnIncludedFileNamesThatFile()
    {
        string included = Write("json_output: perhaps", "extra.yaml");
        string main = Write("config_files: [extra.yaml]");

        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(main));

        Assert.Contains($"({included}:1:14)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingConfigFileIsOneLineError()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(Path.Combine(_dir, "absent.yaml")));

        Assert.StartsWith("cannot read config file", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Terminal shell in container", "*", true)]
    [InlineData("Terminal shell in container", "Terminal*", true)]
    [InlineData("Terminal shell in container", "*container", true)]
    [InlineData("Terminal shell in container", "*shell*", true)]
    [InlineData("Terminal shell in container", "Terminal", false)]
    [InlineData("Terminal shell in container", "*Shell*", false)]
    [InlineData("abc", "a*b*c", true)]
    [InlineData("abc", "a*b*d", false)]
    public void RuleSelectorWildcards(string name, string pattern, bool expected)
    {
        Assert.Equal(expected, RuleSelector.WildcardMatches(pattern, name));
    }

    [Fact]
    public void RuleSelectorMatchesTags()
    {
        var selector = new RuleSelector(false, RuleSelectorKind.Tag, "mitre_*");

        Assert.True(selector.Matches("r", ["container", "mitre_execution"]));
        Assert.False(selector.Matches("mitre_x", ["container"]));
    }
}
