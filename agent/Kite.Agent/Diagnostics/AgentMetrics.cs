namespace Kite.Agent.Diagnostics;

/// <summary>
/// Every counter of the agent, shared by capture, rules and outputs, and rendered for /metrics.
/// Increments never lock or allocate: hot paths hold <see cref="MetricCounter"/> references
/// (resolve a labelled child once, e.g. per compiled rule, and keep it).
/// </summary>
internal sealed partial class AgentMetrics
{
    /// <summary>Event type ids fit in this many slots (the probe's table is far smaller).</summary>
    public const int MaxEventTypes = 1024;

    private readonly List<object> _metrics = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public AgentMetrics()
    {
        EventsReceived = AddCounter("kite_events_received_total", "Kernel events read from the ring buffer.");
        EventsByType = Add(new IndexedCounterFamily("kite_events_by_type_total", "Kernel events read, by event type.", "type", MaxEventTypes));
        KernelDrops = AddCounterFamily("kite_kernel_drops_total", "Events the kernel could not hand over, by reason (ring_buffer_full, ...).", "reason");
        DecodeErrors = AddCounterFamily("kite_event_decode_errors_total", "Malformed or truncated events skipped, by reason.", "reason");
        RuleEvaluations = AddCounter("kite_rule_evaluations_total", "Rule conditions evaluated.");
        Alerts = AddCounterFamily("kite_alerts_total", "Alerts raised, by rule and priority.", "rule", "priority");
        AlertsDropped = AddCounterFamily("kite_alerts_dropped_total", "Alerts lost before any output, by reason (queue_full, shutdown).", "reason");
        AlertsThrottled = AddCounterFamily("kite_alerts_throttled_total", "Alerts suppressed by the per-rule rate limit (outputs.rate), by rule.", "rule");
        OutputSent = AddCounterFamily("kite_output_sent_total", "Alerts delivered, by output.", "output");
        OutputFailures = AddCounterFamily("kite_output_failures_total", "Alerts an output failed to deliver after its retries, by output.", "output");
        OutputRetries = AddCounterFamily("kite_output_retries_total", "Delivery attempts retried, by output.", "output");
        OutputDropped = AddCounterFamily("kite_output_dropped_total", "Alerts dropped because an output's own queue was full, by output.", "output");
        AddProcessMetrics();
    }

    public MetricCounter EventsReceived { get; }

    public IndexedCounterFamily EventsByType { get; }

    public CounterFamily KernelDrops { get; }

    public CounterFamily DecodeErrors { get; }

    public MetricCounter RuleEvaluations { get; }

    public CounterFamily Alerts { get; }

    public CounterFamily AlertsDropped { get; }

    public CounterFamily AlertsThrottled { get; }

    public CounterFamily OutputSent { get; }

    public CounterFamily OutputFailures { get; }

    public CounterFamily OutputRetries { get; }

    public CounterFamily OutputDropped { get; }

    public MetricCounter AddCounter(string name, string help) => Add(new NamedCounter(name, help, new MetricCounter())).Counter;

    public CounterFamily AddCounterFamily(string name, string help, string label, string? secondLabel = null) =>
        Add(new CounterFamily(name, help, label, secondLabel));

    public MetricGauge AddGauge(string name, string help) => Add(new NamedGauge(name, help, new MetricGauge())).Gauge;

    /// <summary>
    /// A gauge read when scraped (state table sizes, ring buffer fill). Several callbacks may share a
    /// name with different label values: `AddGaugeCallback("kite_state_entries", "...", () => n, "table", "threads")`.
    /// </summary>
    public void AddGaugeCallback(string name, string help, Func<double> read, string? labelName = null, string? labelValue = null) =>
        AddCallback(name, help, "gauge", read, labelName, labelValue);

    /// <summary>
    /// A counter kept elsewhere (a component's own cumulative count), read when scraped; exposed with
    /// the `counter` type so rate() works on it. Same labelling as <see cref="AddGaugeCallback"/>.
    /// </summary>
    public void AddCounterCallback(string name, string help, Func<double> read, string? labelName = null, string? labelValue = null) =>
        AddCallback(name, help, "counter", read, labelName, labelValue);

    private void AddCallback(string name, string help, string type, Func<double> read, string? labelName, string? labelValue)
    {
        lock (_metrics)
        {
            foreach (object m in _metrics)
            {
                if (m is GaugeCallbacks existing && existing.Name == name)
                {
                    if (existing.Type != type)
                        throw new ArgumentException($"metric '{name}' is already registered as a {existing.Type}", nameof(type));
                    existing.Add(labelName, labelValue, read);
                    return;
                }
            }
            var callbacks = new GaugeCallbacks(name, help, type);
            callbacks.Add(labelName, labelValue, read);
            Add(callbacks);
        }
    }

    /// <summary>Reports the size of a state table (`threads`, `fds`, `containers`, ...) as kite_state_table_entries{table}.</summary>
    public void AddStateTable(string table, Func<long> entries) =>
        AddGaugeCallback("kite_state_table_entries", "Entries in each state table.", () => entries(), "table", table);

    /// <summary>Reports the BPF ring buffer fill (0..1) as kite_ring_buffer_fill_ratio, read at scrape time.</summary>
    public void AddRingBufferFill(Func<double> ratio) =>
        AddGaugeCallback("kite_ring_buffer_fill_ratio", "Fill of the BPF ring buffer between kernel and agent (0..1), at scrape time.", ratio);

    private T Add<T>(T metric)
        where T : class
    {
        string name = metric switch
        {
            NamedCounter c => c.Name,
            NamedGauge g => g.Name,
            CounterFamily f => f.Name,
            IndexedCounterFamily i => i.Name,
            GaugeCallbacks cb => cb.Name,
            _ => throw new ArgumentException("unknown metric kind", nameof(metric)),
        };
        if (!PrometheusTextWriter.IsValidName(name))
            throw new ArgumentException($"'{name}' is not a valid metric name", nameof(metric));
        lock (_metrics)
        {
            if (!_names.Add(name))
                throw new ArgumentException($"metric '{name}' is already registered", nameof(metric));
            _metrics.Add(metric);
        }
        return metric;
    }

    private sealed record NamedCounter(string Name, string Help, MetricCounter Counter);

    private sealed record NamedGauge(string Name, string Help, MetricGauge Gauge);

    private sealed class GaugeCallbacks(string name, string help, string type)
    {
        public string Name { get; } = name;

        /// <summary>`gauge`, or `counter` for cumulative values kept elsewhere (CPU time).</summary>
        public string Type { get; } = type;

        public string Help { get; } = help;

        public List<(string? Label, string? Value, Func<double> Read)> Entries { get; } = [];

        public void Add(string? label, string? value, Func<double> read)
        {
            lock (Entries)
                Entries.Add((label, value, read));
        }
    }
}
