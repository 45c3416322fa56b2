using System.Collections.Immutable;
using System.Net;
using Kite.Protocol.Alerts;
using Microsoft.Extensions.Logging;
using YamlDotNet.RepresentationModel;

namespace Kite.Agent.Configuration;

internal static partial class ConfigLoader
{
    /// <summary>falco.yaml keys Kite accepts but does not act on; each present one is warned about once.</summary>
    private static readonly (string Key, string Why)[] s_notImplemented =
    [
        ("engine", "Kite always uses its own CO-RE eBPF probe"),
        ("capture", "event capture to files is not implemented"),
        ("load_plugins", "Falco plugins are not loaded; container metadata is built in"),
        ("plugins", "Falco plugins are not loaded; container metadata is built in"),
        ("plugins_hostinfo", "Falco plugins are not loaded"),
        ("buffer_format_base64", "buffers are not rendered in outputs"),
        ("append_output", "output appending is decided by Kite's rule engine"),
        ("libs_logger", "there is no libs logger; use log_level"),
        ("syscall_event_timeouts", "not applicable to Kite's ring buffer reader"),
        ("metrics", "use webserver.prometheus_metrics_enabled and /metrics"),
        ("falco_libs", "state table sizes are managed by Kite"),
    ];

    private static AgentConfig Bind(ConfigSection root, List<string> warnings)
    {
        AgentConfig d = AgentConfig.Default;
        root.Accept("config_files", "rules_file");

        ImmutableArray<string> rulesFiles = root.Has("rules_files")
            ? root.StringList("rules_files", [])
            : root.StringList("rules_file", d.RulesFiles);

        string priorityText = root.String("priority", "debug");
        if (!AlertPriorityNames.TryParse(priorityText, out AlertPriority priority))
            throw root.Invalid("priority", root.Raw("priority"), $"unknown priority '{priorityText}' (emergency, alert, critical, error, warning, notice, info, debug)");

        string matchingText = root.String("rule_matching", "first");
        RuleMatching matching = matchingText.Trim().ToLowerInvariant() switch
        {
            "first" => RuleMatching.First,
            "all" => RuleMatching.All,
            _ => throw root.Invalid("rule_matching", root.Raw("rule_matching"), $"expected first or all, got '{matchingText}'"),
        };

        var format = new AlertFormatConfig
        {
            Json = root.Bool("json_output", false),
            IncludeOutput = root.Bool("json_include_output_property", true),
            IncludeMessage = root.Bool("json_include_message_property", false),
            IncludeOutputFields = root.Bool("json_include_output_fields_property", true),
            IncludeTags = root.Bool("json_include_tags_property", true),
            TimeIso8601 = root.Bool("time_format_iso_8601", false),
        };

        string levelText = root.String("log_level", "info");
        if (!AgentConfig.TryParseLogLevel(levelText, out LogLevel level))
            throw root.Invalid("log_level", root.Raw("log_level"), $"unknown level '{levelText}' (emergency, alert, critical, error, warning, notice, info, debug)");
        var logging = new LoggingConfig
        {
            Stderr = root.Bool("log_stderr", true),
            Syslog = root.Bool("log_syslog", false),
            Level = level,
        };

        ConfigSection outputs = root.Section("outputs");
        var rateLimit = new RateLimitConfig
        {
            Rate = outputs.Double("rate", 0, 0, 1_000_000),
            MaxBurst = outputs.Int("max_burst", 1000, 1, 100_000_000),
        };
        outputs.WarnUnknownKeys(warnings);

        ConfigSection queue = root.Section("outputs_queue");
        int capacity = queue.Int("capacity", 0, 0, int.MaxValue);
        queue.WarnUnknownKeys(warnings);

        KiteSettings kite = BindKite(root.Section("kite"), warnings, out HttpRetryConfig retry, out string syslogSocket, out int syslogFacility);

        var config = new AgentConfig
        {
            RulesFiles = rulesFiles,
            MinimumPriority = priority,
            RuleMatching = matching,
            RuleSelectors = BindRuleSelectors(root),
            Format = format,
            BufferedOutputs = root.Bool("buffered_outputs", false),
            OutputTimeoutMs = root.Int("output_timeout", d.OutputTimeoutMs, 1, 3_600_000),
            Logging = logging,
            OutputsRateLimit = rateLimit,
            // Falco reads 0 as "unbounded"; Kite never runs an unbounded queue, so 0 is the bounded default.
            OutputsQueueCapacity = capacity == 0 ? AgentConfig.DefaultOutputsQueueCapacity : capacity,
            SyscallEventDrops = BindSyscallEventDrops(root.Section("syscall_event_drops"), warnings),
            StdoutOutput = new StdoutOutputConfig { Enabled = Enabled(root, "stdout_output", true, warnings) },
            FileOutput = BindFileOutput(root.Section("file_output"), warnings),
            SyslogOutput = new SyslogOutputConfig
            {
                Enabled = Enabled(root, "syslog_output", false, warnings),
                SocketPath = syslogSocket,
                Facility = syslogFacility,
            },
            ProgramOutput = BindProgramOutput(root.Section("program_output"), warnings),
            HttpOutput = BindHttpOutput(root.Section("http_output"), warnings) with { Retry = retry },
            Grpc = BindGrpc(root.Section("grpc"), warnings),
            GrpcOutput = BindGrpcOutput(root.Section("grpc_output"), warnings),
            Webserver = BindWebserver(root.Section("webserver"), warnings),
            BaseSyscalls = BindBaseSyscalls(root.Section("base_syscalls"), warnings),
            WatchConfigFiles = root.Bool("watch_config_files", true),
            Kite = kite,
        };

        foreach (var (key, why) in s_notImplemented)
        {
            if (root.Has(key))
                warnings.Add($"{key}: not implemented by Kite, ignored ({why})");
        }
        root.WarnUnknownKeys(warnings);
        return config;
    }

    private static bool Enabled(ConfigSection root, string key, bool fallback, List<string> warnings)
    {
        ConfigSection section = root.Section(key);
        bool enabled = section.Bool("enabled", fallback);
        section.WarnUnknownKeys(warnings);
        return enabled;
    }

    private static ImmutableArray<RuleSelector> BindRuleSelectors(ConfigSection root)
    {
        YamlSequenceNode? seq = root.Sequence("rules");
        if (seq is null)
            return [];
        var selectors = ImmutableArray.CreateBuilder<RuleSelector>();
        foreach (YamlNode item in seq.Children)
        {
            // Each item is `- enable: {rule: name}` or `- disable: {tag: t}`.
            if (item is not YamlMappingNode { Children.Count: 1 } map)
                throw root.Invalid("rules", item, "each entry must be 'enable:' or 'disable:' with a 'rule:' or 'tag:'");
            var (verbNode, body) = map.Children.First();
            string verb = (verbNode as YamlScalarNode)?.Value ?? "";
            if (verb is not ("enable" or "disable"))
                throw root.Invalid("rules", verbNode, $"unknown action '{verb}' (enable or disable)");
            if (body is not YamlMappingNode { Children.Count: 1 } target
                || target.Children.First() is not (YamlScalarNode { Value: "rule" or "tag" } kindNode, YamlScalarNode { Value: { Length: > 0 } pattern }))
                throw root.Invalid("rules", body, $"'{verb}:' needs exactly one of 'rule: <name>' or 'tag: <tag>'");
            selectors.Add(new RuleSelector(verb == "enable", kindNode.Value == "tag" ? RuleSelectorKind.Tag : RuleSelectorKind.Rule, pattern));
        }
        return selectors.ToImmutable();
    }

    private static SyscallEventDropsConfig BindSyscallEventDrops(ConfigSection s, List<string> warnings)
    {
        var d = new SyscallEventDropsConfig();
        SyscallDropActions actions = d.Actions;
        if (s.Has("actions"))
        {
            actions = SyscallDropActions.None;
            foreach (string action in s.StringList("actions", []))
            {
                actions |= action.Trim().ToLowerInvariant() switch
                {
                    "ignore" => SyscallDropActions.None,
                    "log" => SyscallDropActions.Log,
                    "alert" => SyscallDropActions.Alert,
                    "exit" => SyscallDropActions.Exit,
                    _ => throw s.Invalid("actions", s.Raw("actions"), $"unknown action '{action}' (ignore, log, alert, exit)"),
                };
            }
        }
        var config = new SyscallEventDropsConfig
        {
            Threshold = s.Double("threshold", d.Threshold, 0, 1),
            Actions = actions,
            Rate = s.Double("rate", d.Rate, 0.000001, 1_000_000),
            MaxBurst = s.Int("max_burst", d.MaxBurst, 1, 1_000_000),
            SimulateDrops = s.Bool("simulate_drops", false),
        };
        s.WarnUnknownKeys(warnings);
        return config;
    }

    private static FileOutputConfig BindFileOutput(ConfigSection s, List<string> warnings)
    {
        var d = new FileOutputConfig();
        var config = new FileOutputConfig
        {
            Enabled = s.Bool("enabled", d.Enabled),
            KeepAlive = s.Bool("keep_alive", d.KeepAlive),
            Filename = s.String("filename", d.Filename),
        };
        if (config.Enabled && config.Filename.Length == 0)
            throw s.Invalid("filename", s.Raw("filename"), "must name a file when file_output is enabled");
        s.WarnUnknownKeys(warnings);
        return config;
    }

    private static ProgramOutputConfig BindProgramOutput(ConfigSection s, List<string> warnings)
    {
        var config = new ProgramOutputConfig
        {
            Enabled = s.Bool("enabled", false),
            KeepAlive = s.Bool("keep_alive", false),
            Program = s.String("program", ""),
        };
        if (config.Enabled && config.Program.Trim().Length == 0)
            throw s.Invalid("program", s.Raw("program"), "must be a shell command when program_output is enabled");
        s.WarnUnknownKeys(warnings);
        return config;
    }

    private static HttpOutputConfig BindHttpOutput(ConfigSection s, List<string> warnings)
    {
        var d = new HttpOutputConfig();
        var config = new HttpOutputConfig
        {
            Enabled = s.Bool("enabled", false),
            Url = s.String("url", ""),
            UserAgent = s.String("user_agent", d.UserAgent),
            Insecure = s.Bool("insecure", false),
            CaCert = s.String("ca_cert", ""),
            CaBundle = s.String("ca_bundle", ""),
            CaPath = s.String("ca_path", d.CaPath),
            Mtls = s.Bool("mtls", false),
            ClientCert = s.String("client_cert", d.ClientCert),
            ClientKey = s.String("client_key", d.ClientKey),
            Echo = s.Bool("echo", false),
            CompressUploads = s.Bool("compress_uploads", false),
            KeepAlive = s.Bool("keep_alive", true),
        };
        if (s.Has("max_consecutive_timeouts"))
        {
            s.Int("max_consecutive_timeouts", 5, 0, int.MaxValue);
            warnings.Add("http_output.max_consecutive_timeouts: not implemented by Kite, ignored (retries follow kite.http_output)");
        }
        if (config.Enabled)
        {
            if (!Uri.TryCreate(config.Url, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https"))
                throw s.Invalid("url", s.Raw("url"), $"must be an absolute http:// or https:// URL when http_output is enabled, got '{Diagnostics.SecretRedactor.RedactUrl(config.Url)}'");
            RequireFileIfSet(s, "ca_cert", config.CaCert);
            RequireFileIfSet(s, "ca_bundle", config.CaBundle);
            if (config.Mtls)
            {
                RequireFile(s, "client_cert", config.ClientCert, "mtls is enabled");
                RequireFile(s, "client_key", config.ClientKey, "mtls is enabled");
            }
        }
        s.WarnUnknownKeys(warnings);
        return config;
    }

    private static GrpcConfig BindGrpc(ConfigSection s, List<string> warnings)
    {
        var d = new GrpcConfig();
        var config = new GrpcConfig
        {
            Enabled = s.Bool("enabled", false),
            BindAddress = s.String("bind_address", d.BindAddress),
            Threadiness = s.Int("threadiness", 0, 0, 1024),
            PrivateKey = s.String("private_key", d.PrivateKey),
            CertChain = s.String("cert_chain", d.CertChain),
            RootCerts = s.String("root_certs", d.RootCerts),
        };
        if (config.Enabled)
        {
            if (config.IsUnixSocket)
            {
                if (config.UnixSocketPath.Length == 0 || !config.UnixSocketPath.StartsWith('/'))
                    throw s.Invalid("bind_address", s.Raw("bind_address"), "a unix:// address needs an absolute socket path (unix:///run/kite/kite.sock)");
            }
            else
            {
                if (!TryParseHostPort(config.BindAddress, out _, out _))
                    throw s.Invalid("bind_address", s.Raw("bind_address"), $"expected unix:///path or address:port, got '{config.BindAddress}'");
                // A network listener serves alerts only over mutual TLS.
                RequireFile(s, "private_key", config.PrivateKey, "grpc listens on the network");
                RequireFile(s, "cert_chain", config.CertChain, "grpc listens on the network");
                RequireFile(s, "root_certs", config.RootCerts, "grpc listens on the network");
            }
        }
        s.WarnUnknownKeys(warnings);
        return config;
    }

    private static Outputs.Grpc.GrpcOutputOptions BindGrpcOutput(ConfigSection s, List<string> warnings)
    {
        var d = new Outputs.Grpc.GrpcOutputOptions();
        string? Optional(string key) => s.Has(key) && s.String(key, "") is { Length: > 0 } v ? v : null;
        var config = new Outputs.Grpc.GrpcOutputOptions
        {
            Enabled = s.Bool("enabled", false),
            Address = Optional("address"),
            CertChain = Optional("cert_chain"),
            PrivateKey = Optional("private_key"),
            RootCerts = Optional("root_certs"),
            ServerName = Optional("server_name"),
            BatchSize = s.Int("batch_size", d.BatchSize, 1, 100_000),
            MaxBufferedAlerts = s.Int("max_buffered_alerts", d.MaxBufferedAlerts, 1, 10_000_000),
        };
        if (config.Enabled && config.Validate() is string reason)
            throw s.Invalid("address", s.Raw("address"), reason);
        s.WarnUnknownKeys(warnings);
        return config;
    }

    private static WebserverConfig BindWebserver(ConfigSection s, List<string> warnings)
    {
        var d = new WebserverConfig();
        var config = new WebserverConfig
        {
            Enabled = s.Bool("enabled", d.Enabled),
            ListenPort = s.Int("listen_port", d.ListenPort, 0, 65535),
            ListenAddress = s.String("listen_address", d.ListenAddress),
            K8sHealthzEndpoint = s.String("k8s_healthz_endpoint", d.K8sHealthzEndpoint),
            K8sAuditEndpoint = s.String("k8s_audit_endpoint", d.K8sAuditEndpoint),
            SslEnabled = s.Bool("ssl_enabled", false),
            SslCertificate = s.String("ssl_certificate", d.SslCertificate),
            PrometheusMetricsEnabled = s.Bool("prometheus_metrics_enabled", d.PrometheusMetricsEnabled),
            Threadiness = s.Int("threadiness", 0, 0, 1024),
        };
        if (config.Enabled)
        {
            if (!IPAddress.TryParse(config.ListenAddress, out _) && config.ListenAddress != "localhost")
                throw s.Invalid("listen_address", s.Raw("listen_address"), $"expected an IP address, got '{config.ListenAddress}'");
            foreach (var (key, path) in new[] { ("k8s_healthz_endpoint", config.K8sHealthzEndpoint), ("k8s_audit_endpoint", config.K8sAuditEndpoint) })
            {
                if (!path.StartsWith('/') || path.Contains(' ', StringComparison.Ordinal))
                    throw s.Invalid(key, s.Raw(key), $"expected a URL path starting with '/', got '{path}'");
            }
            if (config.SslEnabled)
                RequireFile(s, "ssl_certificate", config.SslCertificate, "ssl_enabled is true");
        }
        s.WarnUnknownKeys(warnings);
        return config;
    }

    private static BaseSyscallsConfig BindBaseSyscalls(ConfigSection s, List<string> warnings)
    {
        var config = new BaseSyscallsConfig
        {
            CustomSet = s.StringList("custom_set", []),
            Repair = s.Bool("repair", false),
            All = s.Bool("all", false),
        };
        foreach (string name in config.CustomSet)
        {
            string bare = name.StartsWith('!') ? name[1..] : name;
            if (bare.Length == 0 || !bare.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                throw s.Invalid("custom_set", s.Raw("custom_set"), $"'{name}' is not a syscall name");
        }
        s.WarnUnknownKeys(warnings);
        return config;
    }

    private static ImmutableDictionary<string, ImmutableArray<System.Net.IPAddress>> BindHostNames(ConfigSection kite)
    {
        var result = ImmutableDictionary.CreateBuilder<string, ImmutableArray<System.Net.IPAddress>>(StringComparer.OrdinalIgnoreCase);
        ConfigSection section = kite.Section("host_names");
        if (kite.Raw("host_names") is not YamlMappingNode map)
            return result.ToImmutable();
        foreach (var (key, _) in map.Children)
        {
            string name = ((YamlScalarNode)key).Value ?? "";
            var addresses = ImmutableArray.CreateBuilder<System.Net.IPAddress>();
            foreach (string text in section.StringList(name, []))
            {
                if (!System.Net.IPAddress.TryParse(text, out System.Net.IPAddress? address))
                    throw section.Invalid(name, section.Raw(name), $"'{text}' is not an IP address");
                addresses.Add(address);
            }
            result[name] = addresses.ToImmutable();
        }
        return result.ToImmutable();
    }

    private static KiteSettings BindKite(ConfigSection s, List<string> warnings, out HttpRetryConfig retry, out string syslogSocket, out int syslogFacility)
    {
        var d = new KiteSettings();
        int ring = s.Int("ring_buffer_size_mb", d.RingBufferSizeMb, 1, 1024);
        if ((ring & (ring - 1)) != 0)
            throw s.Invalid("ring_buffer_size_mb", s.Raw("ring_buffer_size_mb"), $"{ring} is not a power of two");
        var settings = new KiteSettings
        {
            RingBufferSizeMb = ring,
            ContainerRuntimeSockets = s.StringList("container_runtime_sockets", d.ContainerRuntimeSockets),
            OutputQueueCapacity = s.Int("output_queue_capacity", d.OutputQueueCapacity, 1, 10_000_000),
            ShutdownTimeoutMs = s.Int("shutdown_timeout_ms", d.ShutdownTimeoutMs, 0, 3_600_000),
            HealthStaleAfterSeconds = s.Int("health_stale_after_s", d.HealthStaleAfterSeconds, 1, 86_400),
            K8sAuditBearerTokenFile = s.Has("k8s_audit_bearer_token_file") ? s.String("k8s_audit_bearer_token_file", "") : null,
            HostNames = BindHostNames(s),
        };
        if (settings.K8sAuditBearerTokenFile is { } tokenFile
            && (!File.Exists(tokenFile) || string.IsNullOrWhiteSpace(File.ReadAllText(tokenFile))))
            throw s.Invalid("k8s_audit_bearer_token_file", s.Raw("k8s_audit_bearer_token_file"), $"'{tokenFile}' does not exist or is empty");
        syslogSocket = s.String("syslog_socket", "/dev/log");
        string facility = s.String("syslog_facility", "user");
        syslogFacility = SyslogFacilityNumber(facility)
            ?? throw s.Invalid("syslog_facility", s.Raw("syslog_facility"), $"unknown facility '{facility}' (user, daemon, auth, local0..local7, ...)");

        ConfigSection http = s.Section("http_output");
        var dr = new HttpRetryConfig();
        retry = new HttpRetryConfig
        {
            MaxAttempts = http.Int("max_attempts", dr.MaxAttempts, 1, 1000),
            InitialBackoffMs = http.Int("initial_backoff_ms", dr.InitialBackoffMs, 1, 600_000),
            MaxBackoffMs = http.Int("max_backoff_ms", dr.MaxBackoffMs, 1, 3_600_000),
        };
        http.WarnUnknownKeys(warnings);
        s.WarnUnknownKeys(warnings);
        return settings;
    }

    private static int? SyslogFacilityNumber(string name) => name.Trim().ToLowerInvariant() switch
    {
        "kern" => 0,
        "user" => 1,
        "mail" => 2,
        "daemon" => 3,
        "auth" => 4,
        "syslog" => 5,
        "authpriv" => 10,
        "local0" => 16,
        "local1" => 17,
        "local2" => 18,
        "local3" => 19,
        "local4" => 20,
        "local5" => 21,
        "local6" => 22,
        "local7" => 23,
        _ => null,
    };

    private static bool TryParseHostPort(string text, out string host, out int port)
    {
        host = "";
        port = 0;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), out port) || port is < 0 or > 65535)
            return false;
        host = text[..colon].Trim('[', ']');
        return host.Length > 0;
    }

    private static void RequireFileIfSet(ConfigSection s, string key, string path)
    {
        if (path.Length > 0)
            RequireFile(s, key, path, "it is set");
    }

    private static void RequireFile(ConfigSection s, string key, string path, string because)
    {
        if (path.Length == 0)
            throw s.Invalid(key, s.Raw(key), $"must name a file because {because}");
        if (!File.Exists(path))
            throw s.Invalid(key, s.Raw(key), $"file '{path}' does not exist (needed because {because})");
    }
}
