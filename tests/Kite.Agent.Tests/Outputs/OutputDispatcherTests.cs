using System.Diagnostics;
using Kite.Agent.Configuration;
using Kite.Agent.Diagnostics;
using Kite.Agent.Outputs;
using Kite.Protocol.Alerts;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kite.Agent.Tests.Outputs;

public sealed class OutputDispatcherTests
{
    private readonly AgentMetrics _metrics = new();

    private OutputDispatcher Create(OutputDispatcherOptions options, params IAlertOutput[] outputs) =>
        new(options, outputs, _metrics, NullLogger.Instance);

    private static async Task WaitUntil(Func<bool> condition, int timeoutMs = 20_000, Func<string>? message = null)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(sw.ElapsedMilliseconds < timeoutMs, $"condition not met in time {message?.Invoke()}");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task FullQueueDropsAndCountsWithoutBlockingTheCaller()
    {
        var output = new RecordingOutput("slow");
        await using OutputDispatcher dispatcher = Create(new OutputDispatcherOptions { QueueCapacity = 10 }, output);
        // Not started: nothing drains the queue, so it fills.

        int accepted = 0;
        for (int i = 0; i < 25; i++)
            accepted += dispatcher.TryEnqueue(TestAlerts.Make(n: i)) ? 1 : 0;

        Assert.Equal(10, accepted);
        Assert.Equal(15, _metrics.AlertsDropped.ValueOf("queue_full"));
        Assert.Equal(25, _metrics.Alerts.ValueOf("Read sensitive file untrusted", "Warning"));
        Assert.Equal(10, dispatcher.QueueLength);
    }

    [Fact]
    public async Task TryEnqueueAllocatesNothingOnTheCallersThread()
    {
        var output = new RecordingOutput("out");
        OutputDispatcher dispatcher = Create(new OutputDispatcherOptions(), output);
        Alert[] alerts = [.. Enumerable.Range(0, 4000).Select(i => TestAlerts.Make(n: i))];
        // Warm-up before the workers start: counters exist and the queue has grown to hold all 4000.
        for (int i = 0; i < 3000; i++)
            dispatcher.TryEnqueue(alerts[i]);

        // Measured on a dedicated thread, as the capture thread is. No worker waits on the queue here: waking
        // a waiting worker queues its continuation to the runtime's thread-pool queue, whose segments the
        // runtime allocates now and then (amortized, not per alert); that wake-up is not TryEnqueue's cost.
        long allocated = -1;
        var capture = new Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 3000; i < 4000; i++)
                dispatcher.TryEnqueue(alerts[i]);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        capture.Start();
        capture.Join();
        dispatcher.Start();
        await dispatcher.ShutdownAsync();

        Assert.Equal(0, allocated);
        Assert.Equal(4000, output.Written.Count);
    }

    [Fact]
    public async Task EveryOutputGetsEveryAlertInOrder()
    {
        var a = new RecordingOutput("a");
        var b = new RecordingOutput("b");
        OutputDispatcher dispatcher = Create(new OutputDispatcherOptions(), a, b);
        dispatcher.Start();

        for (int i = 1; i <= 100; i++)
            Assert.True(dispatcher.TryEnqueue(TestAlerts.Make(n: i)));
        await dispatcher.ShutdownAsync();

        Assert.Equal(Enumerable.Range(1, 100), a.Written.Select(x => (int)x.OutputFields[3].Value.AsInt64));
        Assert.Equal(Enumerable.Range(1, 100), b.Written.Select(x => (int)x.OutputFields[3].Value.AsInt64));
        Assert.Equal(100, _metrics.OutputSent.ValueOf("a"));
    }

    [Fact]
    public async Task SlowOutputDrainsCompletelyOnShutdown()
    {
        var slow = new RecordingOutput("slow", delay: TimeSpan.FromMilliseconds(20));
        var fast = new RecordingOutput("fast");
        OutputDispatcher dispatcher = Create(new OutputDispatcherOptions(), slow, fast);
        dispatcher.Start();

        for (int i = 1; i <= 50; i++)
            Assert.True(dispatcher.TryEnqueue(TestAlerts.Make(n: i)));
        // The fast output is not held back by the slow one.
        await WaitUntil(() => fast.Written.Count == 50);
        Assert.True(slow.Written.Count < 50);
        await dispatcher.ShutdownAsync();

        Assert.Equal(50, slow.Written.Count);
        Assert.True(slow.FlushedAfterLastWrite);
        Assert.True(slow.Disposed);
        Assert.True(fast.Disposed);
        Assert.Equal(0, _metrics.AlertsDropped.Total);
    }

    [Fact]
    public async Task BlockedOutputDropsOnlyItsOwnAlertsWhenItsQueueIsFull()
    {
        var blocked = new RecordingOutput("blocked");
        var fast = new RecordingOutput("fast");
        blocked.Block();
        OutputDispatcher dispatcher = Create(new OutputDispatcherOptions { OutputQueueCapacity = 5, ShutdownTimeout = TimeSpan.FromSeconds(10) }, blocked, fast);
        dispatcher.Start();

        for (int i = 1; i <= 40; i++)
        {
            // At the pace of the fast output: its queue never fills, the blocked one's stays full.
            dispatcher.TryEnqueue(TestAlerts.Make(n: i));
            await WaitUntil(() => fast.Written.Count == i);
        }
        blocked.Release();
        await dispatcher.ShutdownAsync();

        Assert.Equal(40, fast.Written.Count);
        long dropped = _metrics.OutputDropped.ValueOf("blocked");
        Assert.True(dropped >= 34, $"dropped {dropped}");
        Assert.Equal(40, blocked.Written.Count + dropped);
        Assert.Equal(0, _metrics.OutputDropped.ValueOf("fast"));
    }

    [Fact]
    public async Task ShutdownGivesUpAfterTheTimeoutAndCountsWhatWasLost()
    {
        var stuck = new RecordingOutput("stuck");
        stuck.Block();
        OutputDispatcher dispatcher = Create(new OutputDispatcherOptions { ShutdownTimeout = TimeSpan.FromMilliseconds(300) }, stuck);
        dispatcher.Start();
        for (int i = 1; i <= 10; i++)
            dispatcher.TryEnqueue(TestAlerts.Make(n: i));

        await dispatcher.ShutdownAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Empty(stuck.Written);
        Assert.True(_metrics.AlertsDropped.ValueOf("shutdown") >= 9);
        Assert.False(dispatcher.TryEnqueue(TestAlerts.Make()));
    }

    [Fact]
    public async Task PerRuleTokenBucketThrottlesOnlyTheNoisyRuleAndSummarizes()
    {
        var output = new RecordingOutput("out");
        var options = new OutputDispatcherOptions
        {
            RateLimit = new RateLimitConfig { Rate = 0.001, MaxBurst = 3 },
            ThrottleSummaryInterval = TimeSpan.FromMilliseconds(300),
            Hostname = "node-9",
        };
        OutputDispatcher dispatcher = Create(options, output);
        dispatcher.Start();

        for (int i = 0; i < 20; i++)
            dispatcher.TryEnqueue(TestAlerts.Make(rule: "Noisy", n: i));
        for (int i = 0; i < 2; i++)
            dispatcher.TryEnqueue(TestAlerts.Make(rule: "Quiet", n: i));
        await WaitUntil(() => output.Written.Any(a => a.Source == InternalAlerts.Source));
        await dispatcher.ShutdownAsync();

        Assert.Equal(3, output.Written.Count(a => a.Rule == "Noisy"));
        Assert.Equal(2, output.Written.Count(a => a.Rule == "Quiet"));
        Assert.Equal(17, _metrics.AlertsThrottled.ValueOf("Noisy"));
        Assert.Equal(0, _metrics.AlertsThrottled.ValueOf("Quiet"));
        Alert summary = Assert.Single(output.Written, a => a.Source == InternalAlerts.Source);
        Assert.Equal(InternalAlerts.ThrottledRule, summary.Rule);
        Assert.Contains("rule 'Noisy' suppressed 17 times", summary.Output, StringComparison.Ordinal);
        Assert.Equal("node-9", summary.Hostname);
    }

    [Fact]
    public async Task InternalAlertsAreNeverThrottled()
    {
        var output = new RecordingOutput("out");
        OutputDispatcher dispatcher = Create(new OutputDispatcherOptions { RateLimit = new RateLimitConfig { Rate = 0.001, MaxBurst = 1 } }, output);
        dispatcher.Start();

        for (int i = 0; i < 5; i++)
            dispatcher.EnqueueInternal(InternalAlerts.SyscallDrop(new KernelDropSample(100, 5), TestAlerts.Time, "h"));
        await dispatcher.ShutdownAsync();

        Assert.Equal(5, output.Written.Count);
    }

    [Fact]
    public async Task BufferedOutputsFlushPerBurstNotPerAlert()
    {
        var output = new RecordingOutput("out");
        output.Block();
        OutputDispatcher dispatcher = Create(new OutputDispatcherOptions { BufferedOutputs = true }, output);
        dispatcher.Start();
        for (int i = 0; i < 50; i++)
            dispatcher.TryEnqueue(TestAlerts.Make(n: i));
        await WaitUntil(() => _metrics.OutputSent.ValueOf("out") == 0 && dispatcher.QueueLength == 0);

        output.Release();
        await dispatcher.ShutdownAsync();

        Assert.Equal(50, output.Written.Count);
        Assert.True(output.Flushes < 10, $"flushes {output.Flushes}");
        Assert.True(output.FlushedAfterLastWrite);
    }

    [Fact]
    public async Task SighupReopensTheFileOutput()
    {
        string dir = Directory.CreateTempSubdirectory("kite-sighup-").FullName;
        try
        {
            string path = Path.Combine(dir, "events.txt");
            var file = new FileOutput(new FileOutputConfig { Enabled = true, KeepAlive = true, Filename = path }, new AlertFormatter(new AlertFormatConfig(), "h"));
            OutputDispatcher dispatcher = Create(new OutputDispatcherOptions(), file);
            using IDisposable hup = dispatcher.RegisterSighup();
            dispatcher.Start();
            dispatcher.TryEnqueue(TestAlerts.Make(n: 1));
            await WaitUntil(() => _metrics.OutputSent.ValueOf("file") == 1);

            File.Move(path, path + ".1");
            using (Process kill = Process.Start("kill", ["-HUP", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            // The signal is handled asynchronously; give it a moment before the next alert.
            await Task.Delay(500);
            dispatcher.TryEnqueue(TestAlerts.Make(n: 2));
            await dispatcher.ShutdownAsync();

            Assert.EndsWith("n=1", Assert.Single(File.ReadAllLines(path + ".1")), StringComparison.Ordinal);
            Assert.EndsWith("n=2", Assert.Single(File.ReadAllLines(path)), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task FailingOutputIsCountedAndDoesNotStopTheOthers()
    {
        var ok = new RecordingOutput("ok");
        await using var broken = new SyslogOutput(new SyslogOutputConfig { SocketPath = "/nonexistent/kite.sock" }, new AlertFormatter(new AlertFormatConfig(), "h"), "h");
        OutputDispatcher dispatcher = Create(new OutputDispatcherOptions(), broken, ok);
        dispatcher.Start();

        for (int i = 0; i < 5; i++)
            dispatcher.TryEnqueue(TestAlerts.Make(n: i));
        await dispatcher.ShutdownAsync();

        Assert.Equal(5, ok.Written.Count);
        Assert.Equal(5, _metrics.OutputFailures.ValueOf("syslog"));
    }

    [Fact]
    public void FactoryBuildsTheEnabledOutputsInOrder()
    {
        var config = new AgentConfig
        {
            FileOutput = new FileOutputConfig { Enabled = true, Filename = "/tmp/x" },
            SyslogOutput = new SyslogOutputConfig { Enabled = true },
            ProgramOutput = new ProgramOutputConfig { Enabled = true, Program = "cat" },
            HttpOutput = new HttpOutputConfig { Enabled = true, Url = "http://127.0.0.1:1/" },
        };

        List<IAlertOutput> outputs = AlertOutputFactory.Create(config, _metrics, NullLoggerFactory.Instance, "h", new MemoryStream());

        Assert.Equal(["stdout", "file", "syslog", "program", "http"], outputs.Select(o => o.Name).ToArray());
    }
}
