using System.Runtime.InteropServices;
using Kite.Agent.Audit;
using Kite.Agent.Capture;
using Kite.Agent.Configuration;
using Kite.Agent.Containers;
using Kite.Agent.Diagnostics;
using Kite.Agent.Events;
using Kite.Agent.Fields;
using Kite.Agent.Outputs;
using Kite.Agent.Outputs.Grpc;
using Kite.Agent.Pipeline;
using Kite.Agent.State;
using Kite.Agent.Web;
using Kite.Protocol.Grpc.Server;
using Microsoft.Extensions.Logging;

namespace Kite.Agent.Hosting;

/// <summary>
/// `kite run` as an ordered list of steps (Falco's app actions shape):
/// load rules -> start outputs -> start the webserver and gRPC -> open the probe and set its interest set
/// -> seed state from /proc -> attach -> run the capture loop; then, on SIGTERM/SIGINT, the reverse:
/// detach, stop capture, drain and flush every output. SIGHUP (or a watched file change) reloads the
/// rules; a reload with errors keeps the old rules running.
/// </summary>
internal sealed partial class AgentHost : IAsyncDisposable
{
    private readonly AgentConfig _config;
    private readonly Func<ConfigLoadResult> _reloadConfig;
    private readonly TextWriter _log;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly string _hostname;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _reloadRequests = new(0, 1);

    private LoadedRules? _rules;
    private OutputDispatcher? _dispatcher;
    private AgentWebServer? _web;
    private GrpcServer? _grpc;
    private ProbeSession? _probe;
    private BpfRingBuffer? _ring;
    private CaptureLoop? _loop;
    private ContainerTracking? _containers;
    private SyscallRuleEvaluator? _syscallEvaluator;
    private AuditRuleSink? _auditRules;
    private SyscallDropMonitor? _dropMonitor;
    private ConfigFileWatcher? _watcher;
    private string? _exitReason;

    /// <param name="reloadConfig">Reads the configuration again the way it was read at startup (same -c, -r, -o).</param>
    public AgentHost(AgentConfig config, Func<ConfigLoadResult> reloadConfig, TextWriter log, ILoggerFactory? loggers = null)
    {
        _config = config;
        _reloadConfig = reloadConfig;
        _log = log;
        _loggers = loggers ?? AgentLoggerProvider.CreateFactory(config, log);
        _logger = _loggers.CreateLogger("Kite.Agent");
        _hostname = AgentHostname.Resolve();
    }

    public AgentMetrics Metrics { get; } = new();

    public AgentHealth Health { get; private set; } = new(TimeSpan.FromSeconds(30));

    /// <summary>Asks the agent to stop (what SIGTERM does).</summary>
    public void RequestStop() => _stop.Cancel();

    /// <summary>Asks the agent to reload its rules (what SIGHUP does).</summary>
    public void RequestReload()
    {
        try
        {
            _reloadRequests.Release();
        }
        catch (SemaphoreFullException)
        {
            // A reload is already pending: one is enough.
        }
    }

    /// <summary>Runs until stopped. Returns the process exit code.</summary>
    public async Task<int> RunAsync()
    {
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; RequestStop(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; RequestStop(); });
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, ctx => { ctx.Cancel = true; RequestReload(); _dispatcher?.RequestReopen(); });

        Health = new AgentHealth(TimeSpan.FromSeconds(_config.Kite.HealthStaleAfterSeconds));
        if (!LoadRules())
            return 1;
        try
        {
            StartContainerTracking();
            StartOutputs();
            await StartServersAsync().ConfigureAwait(false);
            StartCapture();
        }
        catch (Exception e) when (e is ProbeException or DllNotFoundException or ConfigException or IOException or InvalidOperationException)
        {
            _log.WriteLine($"kite: {e.Message}");
            await ShutdownAsync().ConfigureAwait(false);
            return 1;
        }

        StartWatchingFiles();
        _log.WriteLine($"kite {BuildInfo.Version}: running with {_rules!.Syscall.Rules.Count} syscall and {_rules.Audit.Rules.Count} k8s_audit rules "
            + $"from {string.Join(", ", _rules.Files)}; capturing {_rules.Syscall.EventTypeCodes.Count} event types");
        await SuperviseAsync().ConfigureAwait(false);
        await ShutdownAsync().ConfigureAwait(false);
        if (_exitReason is not null)
        {
            _log.WriteLine($"kite: exiting: {_exitReason}");
            return 1;
        }
        return 0;
    }

    private bool LoadRules()
    {
        foreach (var (name, addresses) in _config.Kite.HostNames)
            SyscallFieldCatalog.Instance.HostNames.Pin(name, [.. addresses]);
        _rules = LoadedRules.TryLoad(_config, out IReadOnlyList<string> problems, out IReadOnlyList<string> warnings);
        foreach (string warning in warnings)
            AgentLog.RulesWarning(_logger, warning);
        if (_rules is null)
        {
            foreach (string problem in problems)
                _log.WriteLine($"kite: rules: {problem}");
            _log.WriteLine($"kite: rules could not be loaded ({problems.Count} error{(problems.Count == 1 ? "" : "s")})");
            return false;
        }
        return true;
    }

    /// <summary>The container cache and its background runtime resolver: lookups never block the capture thread.</summary>
    private void StartContainerTracking()
    {
        var runtime = new ContainerRuntimeOptions { ContainerdSockets = [.. _config.Kite.ContainerRuntimeSockets] };
        _containers = ContainerTracking.Start(runtime, new ContainerResolverOptions { Logger = _loggers.CreateLogger("Kite.Agent.Containers") }, Metrics);
    }

    private void StartOutputs()
    {
        List<IAlertOutput> outputs = AlertOutputFactory.Create(_config, Metrics, _loggers, _hostname);
        if (_config.GrpcOutputEnabled && _config.Grpc.Enabled)
            outputs.Add(new AlertBroadcastOutput(Hub));
        if (_config.GrpcOutput.Enabled && !string.IsNullOrEmpty(_config.GrpcOutput.Address))
            outputs.Add(new GrpcAlertOutput(_config.GrpcOutput));
        _dispatcher = new OutputDispatcher(OutputDispatcherOptions.From(_config, _hostname), outputs, Metrics, _logger);
        _dispatcher.Start();
        var alerts = new AlertFactory(_hostname);
        _syscallEvaluator = new SyscallRuleEvaluator(_rules!.Syscall, _dispatcher, alerts, Metrics, _containers!.Cache, _containers.FirstAlertWait);
        _auditRules = new AuditRuleSink(_rules.Audit, match =>
        {
            _dispatcher.TryEnqueue(alerts.Create(match.Rule, match.Output, (long)match.TimestampNanos));
        });
        _dropMonitor = new SyscallDropMonitor(_config.SyscallEventDrops, _dispatcher.EnqueueInternal, reason =>
        {
            _exitReason = reason;
            RequestStop();
        }, _logger, _hostname);
    }

    /// <summary>Subscribers of the gRPC outputs service (falco.outputs.service) receive every alert through this hub.</summary>
    internal AlertBroadcastHub Hub { get; } = new();

    private async Task StartServersAsync()
    {
        if (_config.Webserver.Enabled)
        {
            var audit = new AuditWebhookOptions
            {
                BearerToken = _config.Kite.K8sAuditBearerTokenFile is { } tokenFile ? File.ReadAllText(tokenFile).Trim() : null,
            };
            RegisterAuditMetrics(audit.Counters);
            _web = AgentWebServer.Create(_config.Webserver, Health, Metrics, _loggers,
                (endpoints, path) => endpoints.MapK8sAuditWebhook(path, _auditRules!, audit));
            await _web.StartAsync(_stop.Token).ConfigureAwait(false);
        }
        if (_config.Grpc.Enabled)
        {
            var options = new GrpcServerOptions
            {
                Enabled = true,
                BindAddress = _config.Grpc.BindAddress,
                Threadiness = _config.Grpc.Threadiness,
                PrivateKey = _config.Grpc.IsUnixSocket ? null : _config.Grpc.PrivateKey,
                CertChain = _config.Grpc.IsUnixSocket ? null : _config.Grpc.CertChain,
                RootCerts = _config.Grpc.IsUnixSocket ? null : _config.Grpc.RootCerts,
            };
            _grpc = await KiteGrpcServices.StartAsync(options, Hub, _loggers, _stop.Token).ConfigureAwait(false);
        }
    }

    private void StartCapture()
    {
        _probe = ProbeSession.Open(ringBufferBytes: (uint)_config.Kite.RingBufferSizeMb * 1024 * 1024);
        _probe.SetInterestSet(InterestSet(_rules!));

        var threads = new ThreadTable { Containers = _containers!.Cache };
        threads.Proc.ScanAll(threads);
        var processor = new SyscallEventProcessor(new StateUpdater(threads), _syscallEvaluator!);
        _ring = BpfRingBuffer.Map(_probe);
        _loop = new CaptureLoop(_ring, processor);
        Metrics.EventsByType.SetLabelNames(code => code < EventTable.All.Count ? EventTable.All[code].Name : null);
        RingBufferConsumer consumer = _ring.Consumer;
        Metrics.AddRingBufferFill(() => (double)consumer.PendingBytes / consumer.Size);
        Metrics.AddStateTable("threads", () => threads.Count);
        _probe.Attach();
        _loop.Start();
        Health.ProbeAttached();
        AgentLog.CaptureStarted(_logger, threads.Count);
    }

    private void RegisterAuditMetrics(AuditWebhookCounters counters)
    {
        const string Requests = "kite_k8s_audit_requests_total";
        const string Events = "kite_k8s_audit_events_total";
        Metrics.AddCounterCallback(Requests, "Audit webhook requests since start, by result.", () => counters.Requests - counters.RejectedRequests - counters.UnauthorizedRequests, "result", "accepted");
        Metrics.AddCounterCallback(Requests, "Audit webhook requests since start, by result.", () => counters.RejectedRequests, "result", "rejected");
        Metrics.AddCounterCallback(Requests, "Audit webhook requests since start, by result.", () => counters.UnauthorizedRequests, "result", "unauthorized");
        Metrics.AddCounterCallback(Events, "Audit events since start, by result.", () => counters.AcceptedEvents, "result", "accepted");
        Metrics.AddCounterCallback(Events, "Audit events since start, by result.", () => counters.RejectedEvents, "result", "rejected");
        Metrics.AddCounterCallback(Events, "Audit events since start, by result.", () => counters.SinkFailures, "result", "failed");
    }

    /// <summary>The event types the rules need, plus the state-keeping set ProbeSession adds.</summary>
    private IEnumerable<EventType> InterestSet(LoadedRules rules) => InterestSet(rules, _config.BaseSyscalls);

    internal static HashSet<EventType> InterestSet(LoadedRules rules, BaseSyscallsConfig extra)
    {
        var set = new HashSet<EventType>(rules.Syscall.EventTypeCodes.Select(code => (EventType)code));
        if (extra.All)
        {
            for (int code = 0; code < EventTable.All.Count; code++)
                set.Add((EventType)code);
        }
        // base_syscalls.custom_set adds event types by name; `!name` removes one the rules did not need
        // (the state-keeping set stays on regardless: without it process and fd state would go wrong).
        foreach (string entry in extra.CustomSet)
        {
            bool remove = entry.StartsWith('!');
            if (!EventTable.TryGetByName(remove ? entry[1..] : entry, out EventInfo? info))
                continue;
            if (remove)
                set.Remove(info.Type);
            else
                set.Add(info.Type);
        }
        return set;
    }

    private void StartWatchingFiles()
    {
        if (!_config.WatchConfigFiles)
            return;
        var files = new List<string>(_config.SourceFiles);
        files.AddRange(_config.RulesFiles);
        _watcher = ConfigFileWatcher.Start(files, RequestReload);
    }

    /// <summary>Once a second: kernel counters, health, the drop policy; and reloads when asked.</summary>
    private async Task SuperviseAsync()
    {
        ProbeCounters last = default;
        long lastEvents = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        Task<bool> tick = timer.WaitForNextTickAsync(_stop.Token).AsTask();
        Task reload = _reloadRequests.WaitAsync(_stop.Token);
        while (!_stop.IsCancellationRequested)
        {
            Task done = await Task.WhenAny(tick, reload).ConfigureAwait(false);
            if (_stop.IsCancellationRequested)
                break;
            if (done == reload)
            {
                Reload();
                reload = _reloadRequests.WaitAsync(_stop.Token);
                continue;
            }
            tick = timer.WaitForNextTickAsync(_stop.Token).AsTask();

            if (_loop is { IsRunning: false } loop)
            {
                _exitReason = $"the capture loop stopped: {loop.Fault?.Message ?? "unknown reason"}";
                Health.ProbeDetached(_exitReason);
                break;
            }
            ProbeCounters now = _probe!.ReadCounters();
            long events = (long)_loop!.Stats.Events;
            Metrics.EventsReceived.SetCumulative(events);
            Metrics.KernelDrops.For("ring_buffer_full").SetCumulative((long)now.DropsRingBufferFull);
            Metrics.KernelDrops.For("read_fault").SetCumulative((long)now.DropsReadFault);
            Metrics.KernelDrops.For("truncated").SetCumulative((long)now.DropsTruncated);
            Health.ObserveEvents(events);
            foreach (RawEventStatus status in Enum.GetValues<RawEventStatus>())
            {
                if (status != RawEventStatus.Ok && _loop.Stats.MalformedFor(status) is > 0 and ulong malformed)
                    Metrics.DecodeErrors.For(status.ToString()).SetCumulative((long)malformed);
            }
            if (_loop.RingStats.CorruptRecords > 0)
                Metrics.DecodeErrors.For("corrupt_ring_record").SetCumulative((long)_loop.RingStats.CorruptRecords);
            var sample = new KernelDropSample(events - lastEvents, (long)(now.DropsRingBufferFull - last.DropsRingBufferFull));
            _dropMonitor!.OnInterval(sample);
            last = now;
            lastEvents = events;
        }
    }

    /// <summary>Reloads the rules from the same configuration; on errors the running rules stay.</summary>
    internal bool Reload()
    {
        AgentConfig config;
        try
        {
            // Only the rule-related keys take effect live (rules files, priority, rules selectors, rule_matching);
            // outputs, listeners and capture settings need a restart.
            config = _reloadConfig().Config;
        }
        catch (ConfigException e)
        {
            AgentLog.ReloadFailed(_logger, $"configuration: {e.Message}");
            return false;
        }
        LoadedRules? rules = LoadedRules.TryLoad(config, out IReadOnlyList<string> problems, out _);
        if (rules is null)
        {
            AgentLog.ReloadFailed(_logger, string.Join("; ", problems));
            return false;
        }
        _probe?.SetInterestSet(InterestSet(rules));
        _syscallEvaluator!.Swap(rules.Syscall);
        _auditRules!.Replace(rules.Audit);
        _rules = rules;
        AgentLog.RulesReloaded(_logger, rules.Syscall.Rules.Count, rules.Audit.Rules.Count);
        return true;
    }

    private async Task ShutdownAsync()
    {
        _watcher?.Dispose();
        _watcher = null;
        if (_probe is not null)
        {
            try
            {
                _probe.Detach();
            }
            catch (ProbeException e)
            {
                _log.WriteLine($"kite: {e.Message}");
            }
            Health.ProbeDetached("shutting down");
        }
        // The loop drains what the ring still holds before it stops, so no captured event is lost.
        _loop?.Stop();
        _loop?.Dispose();
        _loop = null;
        _ring?.Dispose();
        _ring = null;
        if (_syscallEvaluator is not null && _containers is not null)
            await _syscallEvaluator.WaitForHeldAlertsAsync(_containers.FirstAlertWait + TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        if (_dispatcher is not null)
            await _dispatcher.ShutdownAsync().ConfigureAwait(false);
        _dispatcher = null;
        if (_containers is not null)
            await _containers.DisposeAsync().ConfigureAwait(false);
        _containers = null;
        if (_grpc is not null)
            await _grpc.DisposeAsync().ConfigureAwait(false);
        _grpc = null;
        if (_web is not null)
            await _web.DisposeAsync().ConfigureAwait(false);
        _web = null;
        _probe?.Dispose();
        _probe = null;
    }

    public async ValueTask DisposeAsync()
    {
        await ShutdownAsync().ConfigureAwait(false);
        _stop.Dispose();
        _reloadRequests.Dispose();
    }
}
