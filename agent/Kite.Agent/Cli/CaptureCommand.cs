using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text;
using Kite.Agent.Capture;
using Kite.Agent.Events;
using Kite.Agent.Fields;
using Kite.Agent.State;

namespace Kite.Agent.Cli;

/// <summary>
/// `kite capture`: print live decoded events one a line, like sysdig (event number, time, CPU, process, thread,
/// direction, type, arguments with fd names and the return value), as text, a custom `-p` format or JSON.
/// Ctrl-C (or --count) stops it and prints the totals and drops.
/// </summary>
internal static class CaptureCommand
{
    /// <summary>sysdig's default line, with Kite's field names.</summary>
    public const string DefaultFormat = "%evt.num %evt.time %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.args";

    /// <summary>Fields of a JSON line when no -p is given.</summary>
    public const string DefaultJsonFormat = "%evt.num %evt.time %evt.type %proc.name %proc.pid %thread.tid %proc.ppid %user.name %fd.num %fd.name %evt.res %evt.args %container.id";

    public static Command Create()
    {
        var count = new Option<long>("--count", "-n") { Description = "Stop after this many events (0: until Ctrl-C)." };
        var json = new Option<bool>("--json", "-j") { Description = "One JSON object per event (the -p fields, or a default set)." };
        var format = new Option<string?>("--print", "-p") { Description = "Output format with %field tokens, e.g. \"%proc.name %fd.name\"." };
        var ringMiB = new Option<uint>("--ring-mib") { Description = "Ring buffer size in MiB (power of two).", DefaultValueFactory = _ => 8 };
        var syscalls = new Option<string?>("--syscalls", "-s") { Description = "Comma-separated x86_64 syscall numbers to capture (default: every syscall with its own event type)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Decode, update state and build each event's context, print nothing; at the end print records=N drops_ringbuf_full=M (the capture benchmark's consumer contract)." };
        var command = new Command("capture", "Print live syscall events decoded by Kite's probe (like sysdig). Ctrl-C stops and prints totals and drops.")
        {
            count, json, format, ringMiB, syscalls, quiet,
        };
        command.SetAction(parse => Run(
            parse.GetValue(count), parse.GetValue(json), parse.GetValue(format), parse.GetValue(ringMiB),
            parse.GetValue(syscalls), parse.GetValue(quiet),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    /// <param name="cancel">Stops the capture like Ctrl-C does (for callers other than the command line).</param>
    internal static int Run(long count, bool json, string? template, uint ringMiB, string? syscallList, bool quiet, TextWriter output, TextWriter log,
        CancellationToken cancel = default)
    {
        FieldFormat format;
        try
        {
            format = FieldFormat.Parse(template ?? (json ? DefaultJsonFormat : DefaultFormat), SyscallFieldCatalog.Instance);
        }
        catch (FormatException e)
        {
            log.WriteLine($"kite: -p: {e.Message}");
            return KiteCommandLine.UsageError;
        }

        using var stop = new ManualResetEventSlim(false);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; stop.Set(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.Set(); });
        using var cancelled = cancel.Register(stop.Set);

        ProbeSession probe;
        try
        {
            probe = ProbeSession.Open(ringBufferBytes: ringMiB * 1024 * 1024);
            if (syscallList is { Length: > 0 })
            {
                foreach (string item in syscallList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    probe.SetInteresting(uint.Parse(item, System.Globalization.CultureInfo.InvariantCulture), true);
            }
            else
            {
                foreach (var info in EventTable.All)
                {
                    foreach (int nr in info.Syscalls)
                        probe.SetInteresting((uint)nr, true);
                }
            }
        }
        catch (Exception e) when (e is ProbeException or DllNotFoundException or ArgumentException or FormatException or OverflowException)
        {
            log.WriteLine($"kite: {e.Message}");
            return 1;
        }

        using (probe)
        {
            var threads = new ThreadTable();
            threads.Proc.ScanAll(threads);
            var updater = new StateUpdater(threads);
            using var ring = BpfRingBuffer.Map(probe);
            var printer = new EventPrinter(format, json, count, output, stop);
            IEventContextHandler handler = quiet ? new EventCounter() : printer;
            var processor = new SyscallEventProcessor(updater, handler);
            using var loop = new CaptureLoop(ring, processor);
            probe.Attach();
            // "attached" is also the capture benchmark's start signal (benchmarks/load/bench-capture.sh).
            log.WriteLine($"kite: probe attached, capturing ({threads.Count} threads from /proc); Ctrl-C stops");
            loop.Start();
            while (!stop.Wait(200))
            {
                if (!loop.IsRunning)
                    break;
            }
            probe.Detach();
            loop.Stop();
            printer.Flush();

            var counters = probe.ReadCounters();
            var ringStats = loop.RingStats;
            if (quiet)
                output.WriteLine($"records={loop.Stats.Events} drops_ringbuf_full={counters.DropsRingBufferFull} malformed={loop.Stats.Malformed}");
            log.WriteLine($"kite: {loop.Stats.Events} events, {printer.Printed} printed; dropped: {counters.DropsRingBufferFull} (ring full), "
                + $"{counters.DropsReadFault} read faults, {counters.DropsTruncated} truncated; malformed {loop.Stats.Malformed}, "
                + $"discarded {ringStats.DiscardedRecords}, corrupt {ringStats.CorruptRecords}; "
                + $"threads {threads.Count} (misses {threads.Stats.ThreadMisses}, evicted {threads.Stats.ThreadsEvicted}), fd misses {threads.Stats.FdMisses}");
            if (loop.Fault is { } fault)
            {
                log.WriteLine($"kite: capture stopped: {fault.Message}");
                return 1;
            }
        }
        return 0;
    }

    /// <summary>The benchmark consumer: the full per-event path (state, context) and one field read, no output.</summary>
    private sealed class EventCounter : IEventContextHandler
    {
        public long Seen;

        public void OnEvent(scoped in EventContext context)
        {
            if (context.Thread is not null)
                Seen++;
        }
    }

    /// <summary>Formats events into a reused UTF-8 buffer and writes them out once per batch.</summary>
    private sealed class EventPrinter(FieldFormat format, bool json, long limit, TextWriter output, ManualResetEventSlim stop) : IEventContextHandler
    {
        private readonly byte[] _line = new byte[EventContextScratch.BufferSize];
        private readonly MemoryStream _pending = new();
        private readonly Stream? _stdout = ReferenceEquals(output, Console.Out) ? Console.OpenStandardOutput() : null;

        public long Printed { get; private set; }

        public void OnEvent(scoped in EventContext context)
        {
            if (limit > 0 && Printed >= limit)
                return;
            int n = json ? format.RenderJson(context, _line) : format.Render(context, _line);
            _pending.Write(_line, 0, n);
            _pending.WriteByte((byte)'\n');
            if (++Printed == limit)
                stop.Set();
        }

        public void OnBatchEnd() => Flush();

        public void Flush()
        {
            if (_pending.Length == 0)
                return;
            lock (_pending)
            {
                if (_stdout is not null)
                {
                    _pending.WriteTo(_stdout);
                    _stdout.Flush();
                }
                else
                {
                    output.Write(Encoding.UTF8.GetString(_pending.GetBuffer(), 0, (int)_pending.Length));
                    output.Flush();
                }
                _pending.SetLength(0);
            }
        }
    }
}
