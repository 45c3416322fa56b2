using Kite.Protocol.Alerts;

namespace Kite.Agent.Outputs;

/// <summary>`stdout_output`: one line per alert on standard output (or any stream, for tests).</summary>
internal sealed class StdoutOutput : IAlertOutput
{
    private readonly Stream _stream;
    private readonly AlertFormatter _formatter;

    public StdoutOutput(AlertFormatter formatter, Stream? stream = null)
    {
        _formatter = formatter;
        // Our own buffer: the worker decides when to flush (per alert, or per burst with buffered_outputs).
        _stream = new BufferedStream(stream ?? Console.OpenStandardOutput(), 64 * 1024);
    }

    public string Name => "stdout";

    public ValueTask WriteAsync(Alert alert, CancellationToken cancellationToken)
    {
        _stream.Write(_formatter.Format(alert));
        _stream.WriteByte((byte)'\n');
        return ValueTask.CompletedTask;
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken) => await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        await _stream.FlushAsync().ConfigureAwait(false);
        // The underlying stdout stays open: other writers (logs) may still use it.
    }
}
