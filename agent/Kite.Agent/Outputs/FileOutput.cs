using Kite.Agent.Configuration;
using Kite.Protocol.Alerts;

namespace Kite.Agent.Outputs;

/// <summary>
/// `file_output`: appends one line per alert. With keep_alive the file stays open (reopened on
/// SIGHUP, after logrotate moved it); without, it is opened and closed for every alert, so a
/// rotated file is never written again. New files are created 0640: alerts can be sensitive.
/// </summary>
internal sealed class FileOutput : IAlertOutput
{
    private const UnixFileMode CreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    private readonly FileOutputConfig _config;
    private readonly AlertFormatter _formatter;
    private FileStream? _stream;

    public FileOutput(FileOutputConfig config, AlertFormatter formatter)
    {
        _config = config;
        _formatter = formatter;
    }

    public string Name => "file";

    public async ValueTask WriteAsync(Alert alert, CancellationToken cancellationToken)
    {
        if (_config.KeepAlive)
        {
            _stream ??= Open();
            Append(_stream, _formatter.Format(alert));
            return;
        }
        await using FileStream stream = Open();
        Append(stream, _formatter.Format(alert));
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_stream is not null)
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask ReopenAsync(CancellationToken cancellationToken)
    {
        if (_stream is null)
            return;
        await _stream.DisposeAsync().ConfigureAwait(false);
        _stream = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stream is not null)
            await _stream.DisposeAsync().ConfigureAwait(false);
        _stream = null;
    }

    private static void Append(FileStream stream, ReadOnlySpan<byte> line)
    {
        stream.Write(line);
        stream.WriteByte((byte)'\n');
    }

    private FileStream Open()
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 64 * 1024,
        };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = CreateMode;
        return new FileStream(_config.Filename, options);
    }
}
