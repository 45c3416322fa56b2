using Kite.Agent.Diagnostics;

namespace Kite.Agent.Tests.Web;

public sealed class AgentMetricsTests
{
    [Fact]
    public void ExpositionIsStrictlyValidAndHasEveryAgentFamily()
    {
        var metrics = new AgentMetrics();
        metrics.EventsReceived.Add(10);
        metrics.EventsByType.SetLabelNames(i => i == 7 ? "openat" : null);
        metrics.EventsByType.Increment(7);
        metrics.EventsByType.Increment(9);
        metrics.KernelDrops.For("ring_buffer_full").SetCumulative(42);
        metrics.DecodeErrors.For("truncated").Increment();
        metrics.RuleEvaluations.Add(100);
        metrics.Alerts.For("Terminal shell in container", "Notice").Increment();
        metrics.AlertsDropped.For("queue_full").Increment();
        metrics.AlertsThrottled.For("Noisy").Add(3);
        metrics.OutputFailures.For("http").Increment();
        metrics.AddStateTable("threads", () => 12);
        metrics.AddStateTable("fds", () => 34);
        metrics.AddRingBufferFill(() => 0.25);

        var families = PrometheusTextParser.Parse(metrics.ToPrometheusText());

        Assert.Equal(10, families["kite_events_received_total"].Samples.Single().Value);
        Assert.Equal("counter", families["kite_events_received_total"].Type);
        Assert.Equal(["9", "openat"], families["kite_events_by_type_total"].Samples.Select(s => s.Labels["type"]).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(42, families["kite_kernel_drops_total"].Samples.Single(s => s.Labels["reason"] == "ring_buffer_full").Value);
        Assert.Equal(1, families["kite_event_decode_errors_total"].Samples.Single().Value);
        Assert.Equal(100, families["kite_rule_evaluations_total"].Samples.Single().Value);
        var alert = families["kite_alerts_total"].Samples.Single();
        Assert.Equal("Terminal shell in container", alert.Labels["rule"]);
        Assert.Equal("Notice", alert.Labels["priority"]);
        Assert.Equal(1, families["kite_alerts_dropped_total"].Samples.Single().Value);
        Assert.Equal(3, families["kite_alerts_throttled_total"].Samples.Single().Value);
        Assert.Equal(1, families["kite_output_failures_total"].Samples.Single().Value);
        Assert.Equal(34, families["kite_state_table_entries"].Samples.Single(x => x.Labels["table"] == "fds").Value);
        Assert.Equal(2, families["kite_state_table_entries"].Samples.Count);
        Assert.Equal("gauge", families["kite_state_table_entries"].Type);
        Assert.Equal(0.25, families["kite_ring_buffer_fill_ratio"].Samples.Single().Value);
        Assert.True(families["process_resident_memory_bytes"].Samples.Single().Value > 1_000_000);
        Assert.True(families["process_cpu_seconds_total"].Samples.Single().Value > 0);
        Assert.Equal("counter", families["process_cpu_seconds_total"].Type);
        Assert.True(families["process_open_fds"].Samples.Single().Value > 0);
    }

    [Fact]
    public void LabelValuesAndHelpAreEscaped()
    {
        var metrics = new AgentMetrics();
        string rule = "Rule with \"quotes\", a \\ backslash\nand a newline";
        metrics.Alerts.For(rule, "Warning").Increment();
        metrics.AddCounter("kite_test_total", "Help with a \\ backslash\nand a newline.");

        string text = metrics.ToPrometheusText();
        var families = PrometheusTextParser.Parse(text);

        Assert.Contains("rule=\"Rule with \\\"quotes\\\", a \\\\ backslash\\nand a newline\"", text, StringComparison.Ordinal);
        Assert.Equal(rule, families["kite_alerts_total"].Samples.Single().Labels["rule"]);
        Assert.Equal("Help with a \\ backslash\nand a newline.", families["kite_test_total"].Help);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(3.0, "3")]
    [InlineData(0.5, "0.5")]
    [InlineData(-2.0, "-2")]
    public void ValuesUseTheFormatsSpelling(double value, string expected)
    {
        Assert.Equal(expected, PrometheusTextWriter.FormatValue(value));
    }

    [Fact]
    public void FailingGaugeReaderReportsNaNInsteadOfBreakingTheScrape()
    {
        var metrics = new AgentMetrics();
        metrics.AddGaugeCallback("kite_broken", "A reader that throws.", () => throw new InvalidOperationException("gone"));

        var families = PrometheusTextParser.Parse(metrics.ToPrometheusText());

        Assert.True(double.IsNaN(families["kite_broken"].Samples.Single().Value));
    }

    [Theory]
    [InlineData("9starts_with_digit")]
    [InlineData("has-dash")]
    [InlineData("")]
    public void InvalidMetricNamesAreRejected(string name)
    {
        Assert.Throws<ArgumentException>(() => new AgentMetrics().AddCounter(name, "x"));
    }

    [Fact]
    public void DuplicateMetricNamesAreRejected()
    {
        var metrics = new AgentMetrics();

        Assert.Throws<ArgumentException>(() => metrics.AddCounter("kite_events_received_total", "again"));
    }

    [Fact]
    public void CountingAllocatesNothing()
    {
        var metrics = new AgentMetrics();
        MetricCounter perRule = metrics.Alerts.For("r", "Notice");
        for (int i = 0; i < 1000; i++)
        {
            metrics.EventsReceived.IncrementSingleWriter();
            metrics.EventsByType.Increment(i & 63);
            perRule.Increment();
            metrics.OutputSent.For("stdout").Increment();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++)
        {
            metrics.EventsReceived.IncrementSingleWriter();
            metrics.EventsByType.IncrementSingleWriter(i & 63);
            metrics.RuleEvaluations.Increment();
            perRule.Increment();
            metrics.OutputSent.For("stdout").Increment();
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(101_000, metrics.EventsReceived.Value);
    }

    [Fact]
    public void ConcurrentIncrementsAreNotLost()
    {
        var metrics = new AgentMetrics();

        Parallel.For(0, 8, _ =>
        {
            for (int i = 0; i < 100_000; i++)
            {
                metrics.RuleEvaluations.Increment();
                metrics.EventsByType.Increment(5);
            }
        });

        Assert.Equal(800_000, metrics.RuleEvaluations.Value);
        Assert.Equal(800_000, metrics.EventsByType.ValueOf(5));
    }
}
