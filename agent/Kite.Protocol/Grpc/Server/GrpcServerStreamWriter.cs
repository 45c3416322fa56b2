using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Kite.Protocol.Grpc.Server;

/// <summary>Writes response messages to the HTTP/2 response body; serializes concurrent writers.</summary>
internal sealed class GrpcServerStreamWriter<T> : IGrpcStreamWriter<T>
    where T : IMessage<T>
{
    private readonly HttpResponse _response;
    private readonly int _maxMessageSize;
    private readonly CancellationToken _callToken;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private bool _closed;

    public GrpcServerStreamWriter(HttpResponse response, int maxMessageSize, CancellationToken callToken)
    {
        _response = response;
        _maxMessageSize = maxMessageSize;
        _callToken = callToken;
    }

    public long MessagesWritten { get; private set; }

    public async ValueTask WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _callToken);
        await _lock.WaitAsync(linked.Token).ConfigureAwait(false);
        try
        {
            if (_closed)
                throw new OperationCanceledException("the call has ended", _callToken);
            await GrpcMessageWriter.WriteAsync(_response.Body, message, _maxMessageSize, linked.Token).ConfigureAwait(false);
            MessagesWritten++;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Stops further writes (deadline passed) so the status can be written safely.</summary>
    public async Task CloseAsync()
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        _closed = true;
        _lock.Release();
    }
}
