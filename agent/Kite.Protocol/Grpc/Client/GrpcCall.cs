using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Kite.Protocol.Grpc.Client;

/// <summary>
/// One call in flight, whatever its kind: <see cref="RequestStream"/> for streamed requests,
/// <see cref="ResponseStream"/> or <see cref="ResponseAsync"/> for responses, then
/// <see cref="GetStatus"/>/<see cref="GetTrailers"/>. Disposing an unfinished call cancels it
/// (RST_STREAM). Any status but OK surfaces as <see cref="GrpcException"/>.
/// </summary>
public sealed partial class GrpcCall<TRequest, TResponse> : IAsyncDisposable
    where TRequest : class, IMessage<TRequest>, new()
    where TResponse : class, IMessage<TResponse>, new()
{
    private readonly GrpcMethod<TRequest, TResponse> _method;
    private readonly GrpcChannelOptions _channelOptions;
    private readonly CancellationTokenSource? _deadline;
    private readonly CancellationTokenSource _call;
    private readonly CancellationToken _userToken;
    private GrpcPushContent? _push;
    private Task<HttpResponseMessage> _responseTask = null!;
    private HttpResponseMessage? _response;
    private GrpcMessageStreamReader<TResponse>? _reader;
    private GrpcStatus? _status;
    private Dictionary<string, string> _trailers = [];
    private Task<TResponse>? _single;
    private readonly SemaphoreSlim _readLock = new(1, 1);

    internal GrpcCall(GrpcMethod<TRequest, TResponse> method, GrpcChannelOptions channelOptions, GrpcCallOptions callOptions)
    {
        _method = method;
        _channelOptions = channelOptions;
        _userToken = callOptions.CancellationToken;
        if (callOptions.Timeout is TimeSpan timeout)
        {
            _deadline = new CancellationTokenSource();
            if (timeout <= TimeSpan.Zero)
                _deadline.Cancel();
            else
                _deadline.CancelAfter(timeout);
            _call = CancellationTokenSource.CreateLinkedTokenSource(_userToken, _deadline.Token);
        }
        else
        {
            _call = CancellationTokenSource.CreateLinkedTokenSource(_userToken);
        }
        RequestStream = new RequestWriter(this);
        ResponseStream = new ResponseReader(this);
    }

    public GrpcMethod<TRequest, TResponse> Method => _method;

    /// <summary>Requests of a client-streaming or bidirectional call.</summary>
    public IGrpcClientStreamWriter<TRequest> RequestStream { get; }

    /// <summary>Responses of a server-streaming or bidirectional call.</summary>
    public IGrpcStreamReader<TResponse> ResponseStream { get; }

    /// <summary>The single response of a unary or client-streaming call.</summary>
    public Task<TResponse> ResponseAsync => _single ??= ReadSingleAsync();

    /// <summary>The response headers (metadata), once the server sent them.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ResponseHeadersAsync()
    {
        HttpResponseMessage response = await GetResponseAsync().ConfigureAwait(false);
        return ToDictionary(response.Headers);
    }

    /// <summary>The final status; throws while the call is still running.</summary>
    public GrpcStatus GetStatus() => _status ?? throw new InvalidOperationException("the call has not finished");

    /// <summary>The trailers of a finished call.</summary>
    public IReadOnlyDictionary<string, string> GetTrailers() => _status is null ? throw new InvalidOperationException("the call has not finished") : _trailers;

    internal void Start(HttpMessageInvoker invoker, HttpRequestMessage message, TRequest? unaryRequest)
    {
        if (unaryRequest is not null)
        {
            int size = unaryRequest.CalculateSize();
            if (size > _channelOptions.MaxSendMessageSize)
            {
                var failed = new GrpcException(GrpcStatusCode.ResourceExhausted, $"sent message larger than max ({size} vs. {_channelOptions.MaxSendMessageSize})");
                _status = failed.Status;
                _responseTask = Task.FromException<HttpResponseMessage>(failed);
                return;
            }
            var content = new ByteArrayContent(GrpcMessageWriter.Frame(unaryRequest.ToByteArray()));
            content.Headers.ContentType = GrpcChannel.ContentTypeHeader;
            message.Content = content;
        }
        else
        {
            _push = new GrpcPushContent();
            message.Content = _push;
        }
        _responseTask = SendAsync(invoker, message);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMessageInvoker invoker, HttpRequestMessage message)
    {
        HttpResponseMessage response;
        try
        {
            response = await invoker.SendAsync(message, _call.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw Fail(e);
        }
        _response = response;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw Fail(new GrpcException(GrpcStatus.FromHttpStatus((int)response.StatusCode),
                $"server answered HTTP {(int)response.StatusCode} {response.ReasonPhrase} instead of gRPC"));
        }
        if (TryGetHeader(response.Headers, GrpcProtocol.StatusHeader) is string trailersOnlyStatus)
        {
            // Trailers-only response: the status came with the headers and there is no body.
            _trailers = ToDictionary(response.Headers);
            var status = new GrpcStatus(GrpcStatus.ParseCode(trailersOnlyStatus), GrpcStatusMessage.Decode(TryGetHeader(response.Headers, GrpcProtocol.MessageHeader)));
            Finish(status);
            return response;
        }
        string? contentType = response.Content.Headers.ContentType?.ToString();
        if (!GrpcProtocol.IsGrpcContentType(contentType))
            throw Fail(new GrpcException(GrpcStatusCode.Internal, $"server answered with content-type '{contentType}' instead of {GrpcProtocol.ContentType}"));
        return response;
    }

    private Task<HttpResponseMessage> GetResponseAsync() => _responseTask;

    private async ValueTask<bool> MoveNextCoreAsync(CancellationToken cancellationToken)
    {
        await _readLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            HttpResponseMessage response = await GetResponseAsync().ConfigureAwait(false);
            if (_status is GrpcStatus early && _reader is null)
                return early.IsOk ? false : throw new GrpcException(early) { Trailers = _trailers };
            if (_reader is null)
            {
                Stream body = await response.Content.ReadAsStreamAsync(_call.Token).ConfigureAwait(false);
                string? encoding = TryGetHeader(response.Headers, GrpcProtocol.EncodingHeader);
                _reader = new GrpcMessageStreamReader<TResponse>(new GrpcMessageReader(body, _channelOptions.MaxReceiveMessageSize, encoding), _method.ResponseParser);
            }
            if (_reader.Completed)
                return false;
            using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _call.Token) : null;
            bool more;
            try
            {
                more = await _reader.MoveNextAsync(linked?.Token ?? _call.Token).ConfigureAwait(false);
            }
            catch (GrpcException e) when (_status is null)
            {
                // A broken frame from the server: stop the call, report the local status.
                await CancelAsync().ConfigureAwait(false);
                Finish(e.Status);
                throw;
            }
            catch (Exception e)
            {
                if (cancellationToken.IsCancellationRequested && !_call.IsCancellationRequested)
                    throw;
                throw Fail(e);
            }
            if (more)
                return true;
            FinishFromTrailers(response);
            GrpcStatus status = _status!.Value;
            return status.IsOk ? false : throw new GrpcException(status) { Trailers = _trailers };
        }
        finally
        {
            _readLock.Release();
        }
    }

    private async Task<TResponse> ReadSingleAsync()
    {
        if (!await MoveNextCoreAsync(CancellationToken.None).ConfigureAwait(false))
            throw new GrpcException(GrpcStatusCode.Internal, "the server ended the call with OK but sent no response message");
        TResponse response = ResponseStream.Current;
        if (await MoveNextCoreAsync(CancellationToken.None).ConfigureAwait(false))
            throw new GrpcException(GrpcStatusCode.Internal, "the server sent more than one response message to a unary call");
        return response;
    }

    private void FinishFromTrailers(HttpResponseMessage response)
    {
        HttpResponseHeaders trailers = response.TrailingHeaders;
        _trailers = ToDictionary(trailers);
        string? code = TryGetHeader(trailers, GrpcProtocol.StatusHeader);
        if (code is null)
        {
            Finish(new GrpcStatus(GrpcStatusCode.Internal, "the server closed the stream without sending trailers (no grpc-status)"));
            return;
        }
        Finish(new GrpcStatus(GrpcStatus.ParseCode(code), GrpcStatusMessage.Decode(TryGetHeader(trailers, GrpcProtocol.MessageHeader))));
    }

    private void Finish(GrpcStatus status)
    {
        _status ??= status;
        _push?.Abort(new GrpcException(_status.Value));
    }

    /// <summary>Turns a transport failure into the call's status (deadline, cancellation, unavailable...).</summary>
    private GrpcException Fail(Exception e)
    {
        GrpcException failure = e switch
        {
            GrpcException g => g,
            _ when _deadline?.IsCancellationRequested == true => new GrpcException(GrpcStatusCode.DeadlineExceeded, "deadline exceeded", e),
            _ when _userToken.IsCancellationRequested => new GrpcException(GrpcStatusCode.Cancelled, "call cancelled by the client", e),
            _ when _status is GrpcStatus known => new GrpcException(known, e),
            HttpProtocolException p => new GrpcException(FromHttp2Error(p.ErrorCode), $"stream reset by the server (HTTP/2 error {p.ErrorCode}): {p.Message}", e),
            OperationCanceledException => new GrpcException(GrpcStatusCode.Cancelled, "call cancelled", e),
            HttpRequestException or IOException => new GrpcException(GrpcStatusCode.Unavailable, $"{_method.Path}: {e.Message}", e),
            _ => new GrpcException(GrpcStatusCode.Unknown, $"{_method.Path}: {e.Message}", e),
        };
        Finish(failure.Status);
        return failure.Status == _status ? failure : new GrpcException(_status!.Value, e) { Trailers = _trailers };
    }

    /// <summary>gRPC's mapping of RST_STREAM error codes.</summary>
    private static GrpcStatusCode FromHttp2Error(long code) => code switch
    {
        0x7 => GrpcStatusCode.Unavailable, // REFUSED_STREAM
        0x8 => GrpcStatusCode.Cancelled, // CANCEL
        0xb => GrpcStatusCode.ResourceExhausted, // ENHANCE_YOUR_CALM
        0xc => GrpcStatusCode.PermissionDenied, // INADEQUATE_SECURITY
        _ => GrpcStatusCode.Internal,
    };

    private async ValueTask CancelAsync()
    {
        try
        {
            await _call.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_status is null)
        {
            // Resets the HTTP/2 stream: the server sees the client abort.
            await CancelAsync().ConfigureAwait(false);
            Finish(new GrpcStatus(GrpcStatusCode.Cancelled, "call disposed before it finished"));
        }
        _push?.Complete();
        try
        {
            await _responseTask.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The outcome was reported to whoever awaited the call; disposal must not throw.
        }
        _response?.Dispose();
        _call.Dispose();
        _deadline?.Dispose();
        _readLock.Dispose();
    }

    private static string? TryGetHeader(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;

    private static Dictionary<string, string> ToDictionary(HttpHeaders headers)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, IEnumerable<string>> header in headers)
            result[header.Key] = string.Join(",", header.Value);
        return result;
    }
}
