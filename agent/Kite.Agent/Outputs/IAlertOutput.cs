using Kite.Protocol.Alerts;

namespace Kite.Agent.Outputs;

/// <summary>
/// One alert destination (stdout, file, syslog, program, http, grpc). Called only from the
/// output workers, never from the capture thread; an implementation may block or await.
/// </summary>
internal interface IAlertOutput : IAsyncDisposable
{
    /// <summary>Short name used in metrics and logs (`stdout`, `file`, `http`, ...).</summary>
    string Name { get; }

    /// <summary>Delivers one alert. Throws only for failures the dispatcher should count and retry or drop.</summary>
    ValueTask WriteAsync(Alert alert, CancellationToken cancellationToken);

    /// <summary>Flushes anything buffered; called on shutdown and after bursts.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken);

    /// <summary>Reopens files or connections (SIGHUP, e.g. after logrotate). Default: nothing.</summary>
    ValueTask ReopenAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
