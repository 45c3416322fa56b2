using System.Diagnostics;
using System.Globalization;

namespace Kite.Agent.Diagnostics;

internal sealed partial class AgentMetrics
{
    private static readonly double s_startTimeSeconds = (Process.GetCurrentProcess().StartTime.ToUniversalTime() - DateTime.UnixEpoch).TotalSeconds;

    /// <summary>Renders every metric in the Prometheus text format (the /metrics body).</summary>
    public string ToPrometheusText()
    {
        var w = new PrometheusTextWriter();
        object[] metrics;
        lock (_metrics)
            metrics = [.. _metrics];
        foreach (object metric in metrics)
        {
            switch (metric)
            {
                case NamedCounter c:
                    w.WriteHeader(c.Name, c.Help, "counter");
                    w.WriteSample(c.Name, c.Counter.Value);
                    break;
                case NamedGauge g:
                    w.WriteHeader(g.Name, g.Help, "gauge");
                    w.WriteSample(g.Name, g.Gauge.Value);
                    break;
                case CounterFamily f:
                    w.WriteHeader(f.Name, f.Help, "counter");
                    foreach (var (labels, value) in f.Snapshot())
                    {
                        if (f.SecondLabelName is null)
                            w.WriteSample(f.Name, [(f.LabelName, labels.First)], value);
                        else
                            w.WriteSample(f.Name, [(f.LabelName, labels.First), (f.SecondLabelName, labels.Second)], value);
                    }
                    break;
                case IndexedCounterFamily i:
                    w.WriteHeader(i.Name, i.Help, "counter");
                    foreach (var (label, value) in i.Snapshot())
                        w.WriteSample(i.Name, [(i.LabelName, label)], value);
                    break;
                case GaugeCallbacks cb:
                    w.WriteHeader(cb.Name, cb.Help, cb.Type);
                    (string? Label, string? Value, Func<double> Read)[] entries;
                    lock (cb.Entries)
                        entries = [.. cb.Entries];
                    foreach (var (label, value, read) in entries)
                    {
                        double v;
                        try
                        {
                            v = read();
                        }
                        catch (Exception e) when (e is not OutOfMemoryException)
                        {
                            // A failing reader must not take the whole scrape down.
                            v = double.NaN;
                        }
                        if (label is null)
                            w.WriteSample(cb.Name, v);
                        else
                            w.WriteSample(cb.Name, [(label, value ?? "")], v);
                    }
                    break;
            }
        }
        return w.ToString();
    }

    private void AddProcessMetrics()
    {
        AddGaugeCallback("kite_build_info", "Kite's version, as a label; the value is always 1.", static () => 1, "version", BuildInfo.Version);
        // Standard names, so existing dashboards for process metrics work unchanged.
        AddCounterCallback("process_cpu_seconds_total", "Total user and system CPU time spent, in seconds.", static () => Environment.CpuUsage.TotalTime.TotalSeconds);
        AddGaugeCallback("process_resident_memory_bytes", "Resident memory size in bytes.", static () => ReadStatm(1));
        AddGaugeCallback("process_virtual_memory_bytes", "Virtual memory size in bytes.", static () => ReadStatm(0));
        AddGaugeCallback("process_open_fds", "Number of open file descriptors.", static () => Directory.GetFileSystemEntries("/proc/self/fd").Length);
        AddGaugeCallback("process_start_time_seconds", "Start time of the process since the Unix epoch, in seconds.", static () => s_startTimeSeconds);
        AddGaugeCallback("kite_gc_heap_bytes", "Bytes allocated on the managed heap and not yet collected.", static () => GC.GetTotalMemory(false));
        AddCounterCallback("kite_gc_collections_total", "Garbage collections since start, by generation.", static () => GC.CollectionCount(0), "generation", "0");
        AddCounterCallback("kite_gc_collections_total", "", static () => GC.CollectionCount(1), "generation", "1");
        AddCounterCallback("kite_gc_collections_total", "", static () => GC.CollectionCount(2), "generation", "2");
    }

    /// <summary>Field <paramref name="index"/> of /proc/self/statm (pages) in bytes.</summary>
    private static double ReadStatm(int index)
    {
        string[] parts = File.ReadAllText("/proc/self/statm").Split(' ');
        return double.Parse(parts[index], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
    }
}
