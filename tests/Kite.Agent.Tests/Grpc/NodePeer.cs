using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Kite.TestUtilities;

namespace Kite.Agent.Tests.Grpc;

/// <summary>A running `node tests/grpc-node/peer.js` process and the JSON events it prints.</summary>
internal sealed class NodePeer : IAsyncDisposable
{
    private static readonly TimeSpan s_defaultWait = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly Channel<JsonElement> _events = Channel.CreateUnbounded<JsonElement>();
    private readonly List<string> _stderr = [];

    private NodePeer(Process process)
    {
        _process = process;
    }

    public static string Directory => Path.Combine(TestEnvironment.RepoRoot, "tests", "grpc-node");

    public static string? UnavailableReason()
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@grpc", "grpc-js")))
            return "grpc-js is not installed in tests/grpc-node (run make deps)";
        return FindNode() is null ? "node is not on PATH" : null;
    }

    private static string? FindNode()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, "node");
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    public static NodePeer Start(params string[] args)
    {
        var info = new ProcessStartInfo(FindNode() ?? "node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        info.ArgumentList.Add("peer.js");
        foreach (string arg in args)
            info.ArgumentList.Add(arg);
        // grpc-js would otherwise pick up a proxy from the environment.
        info.Environment.Remove("http_proxy");
        info.Environment.Remove("https_proxy");
        info.Environment.Remove("grpc_proxy");
        var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        var peer = new NodePeer(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                peer._events.Writer.TryComplete();
                return;
            }
            try
            {
                peer._events.Writer.TryWrite(JsonDocument.Parse(e.Data).RootElement.Clone());
            }
            catch (JsonException)
            {
                lock (peer._stderr)
                    peer._stderr.Add("stdout: " + e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (peer._stderr)
                    peer._stderr.Add(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
                return string.Join('\n', _stderr);
        }
    }

    /// <summary>The next event named <paramref name="name"/>, skipping others (collected in <paramref name="skipped"/>).</summary>
    public async Task<JsonElement> NextAsync(string name, List<JsonElement>? skipped = null, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? s_defaultWait);
        try
        {
            while (true)
            {
                JsonElement e = await _events.Reader.ReadAsync(cts.Token);
                if (e.GetProperty("event").GetString() == name)
                    return e;
                skipped?.Add(e);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            throw new TimeoutException($"node peer gave no '{name}' event; stderr:\n{Stderr}", ex);
        }
    }

    /// <summary>Every event until (and including) the one named <paramref name="last"/>.</summary>
    public async Task<List<JsonElement>> UntilAsync(string last, TimeSpan? timeout = null)
    {
        var events = new List<JsonElement>();
        JsonElement end = await NextAsync(last, events, timeout);
        events.Add(end);
        return events;
    }

    /// <summary>Closes stdin (the serve mode's signal to stop).</summary>
    public void CloseInput() => _process.StandardInput.Close();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
