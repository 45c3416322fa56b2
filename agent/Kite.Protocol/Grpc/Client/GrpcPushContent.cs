using System.Net;

namespace Kite.Protocol.Grpc.Client;

/// <summary>
/// Request content written by the caller while the call runs (client and bidirectional streaming):
/// HttpClient hands over the HTTP/2 request stream and this content keeps it open until completed.
/// </summary>
internal sealed class GrpcPushContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GrpcPushContent()
    {
        Headers.ContentType = GrpcChannel.ContentTypeHeader;
    }

    /// <summary>The request body stream, once HttpClient has sent the request headers.</summary>
    public Task<Stream> StreamTask => _stream.Task;

    public bool IsCompleted => _completed.Task.IsCompleted;

    /// <summary>Ends the request stream (END_STREAM) after the messages written so far.</summary>
    public void Complete() => _completed.TrySetResult();

    /// <summary>Stops waiting for messages because the call ended.</summary>
    public void Abort(Exception reason)
    {
        _stream.TrySetException(reason);
        _completed.TrySetException(reason);
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        _stream.TrySetResult(stream);
        await _completed.Task.ConfigureAwait(false);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        SerializeToStreamAsync(stream, context);

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
