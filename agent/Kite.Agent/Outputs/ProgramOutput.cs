using System.Diagnostics;
using Kite.Agent.Configuration;
using Kite.Agent.Diagnostics;
using Kite.Protocol.Alerts;
using Microsoft.Extensions.Logging;

namespace Kite.Agent.Outputs;

/// <summary>
/// `program_output`: feeds alerts, one line each, to `/bin/sh -c &lt;program&gt;` on stdin. With keep_alive
/// one process receives every alert and is restarted when it dies (the alert that met the dead pipe
/// is resent to the new process); without, a process is started per alert and waited for.
/// </summary>
internal sealed class ProgramOutput : IAlertOutput
{
    /// <summary>A program that keeps dying is restarted no faster than this.</summary>
    private static readonly TimeSpan s_minRestartInterval = TimeSpan.FromSeconds(1);

    private readonly ProgramOutputConfig _config;
    private readonly AlertFormatter _formatter;
    private readonly ILogger _logger;
    private readonly TimeSpan _perAlertTimeout;
    private Process? _process;
    private long _lastStartTimestamp;

    public ProgramOutput(ProgramOutputConfig config, AlertFormatter formatter, ILogger logger, TimeSpan perAlertTimeout)
    {
        _config = config;
        _formatter = formatter;
        _logger = logger;
        _perAlertTimeout = perAlertTimeout;
    }

    public string Name => "program";

    /// <summary>How many times the keep_alive process was (re)started; for tests and diagnostics.</summary>
    public int Starts { get; private set; }

    public async ValueTask WriteAsync(Alert alert, CancellationToken cancellationToken)
    {
        byte[] line = [.. _formatter.Format(alert), (byte)'\n'];
        if (!_config.KeepAlive)
        {
            await RunOnceAsync(line, cancellationToken).ConfigureAwait(false);
            return;
        }
        for (int attempt = 0; ; attempt++)
        {
            Process process = await RunningAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await process.StandardInput.BaseStream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (IOException) when (attempt == 0)
            {
                // EPIPE: the program died since the last alert. Start a new one and resend this alert.
                Discard(process);
            }
        }
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_process is { HasExited: false } p)
        {
            try
            {
                await p.StandardInput.BaseStream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                Discard(p);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not { } p)
            return;
        _process = null;
        try
        {
            // Closing stdin is the program's cue to finish (cat, jq, curl all exit on EOF).
            p.StandardInput.Close();
            using var wait = new CancellationTokenSource(_perAlertTimeout);
            await p.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
        }
        finally
        {
            p.Dispose();
        }
    }

    private async ValueTask<Process> RunningAsync(CancellationToken cancellationToken)
    {
        if (_process is { HasExited: false } running)
            return running;
        if (_process is { } dead)
        {
            AgentLog.ProgramRestarting(_logger, dead.ExitCode);
            Discard(dead);
        }
        TimeSpan sinceLast = Stopwatch.GetElapsedTime(_lastStartTimestamp);
        if (Starts > 0 && sinceLast < s_minRestartInterval)
            await Task.Delay(s_minRestartInterval - sinceLast, cancellationToken).ConfigureAwait(false);
        _process = Start();
        return _process;
    }

    private async ValueTask RunOnceAsync(byte[] line, CancellationToken cancellationToken)
    {
        using Process p = Start();
        try
        {
            await p.StandardInput.BaseStream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            p.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program did not read its input; its exit code below tells whether it failed.
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_perAlertTimeout);
        try
        {
            await p.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"program_output: the program did not finish within {(int)_perAlertTimeout.TotalMilliseconds} ms");
        }
        if (p.ExitCode != 0)
            throw new IOException($"program_output: the program exited with code {p.ExitCode}");
    }

    private Process Start()
    {
        var psi = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(_config.Program);
        Process p = Process.Start(psi) ?? throw new IOException("program_output: /bin/sh could not be started");
        Starts++;
        _lastStartTimestamp = Stopwatch.GetTimestamp();
        return p;
    }

    private void Discard(Process p)
    {
        if (ReferenceEquals(_process, p))
            _process = null;
        try
        {
            if (!p.HasExited)
                p.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        p.Dispose();
    }
}
