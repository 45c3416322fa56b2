using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kite.Protocol.Grpc.Server;

public sealed partial class GrpcServiceRouter
{
    /// <summary>The request delegate: one gRPC call per HTTP/2 stream.</summary>
    public async Task HandleAsync(HttpContext http)
    {
        HttpRequest request = http.Request;
        HttpResponse response = http.Response;
        if (!HttpMethods.IsPost(request.Method))
        {
            Counters.CountRejected();
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }
        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            // Not a gRPC request at all: the protocol asks for HTTP 415, not a grpc-status.
            Counters.CountRejected();
            response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.SupportedEncodings;

        string path = request.Path.Value ?? "";
        if (!_routes.TryGetValue(path, out var route))
        {
            WriteStatus(http, new GrpcStatus(GrpcStatusCode.Unimplemented, $"unknown method {path}"), null);
            return;
        }
        string? encoding = request.Headers[GrpcProtocol.EncodingHeader];
        if (!GrpcProtocol.IsSupportedEncoding(encoding))
        {
            WriteStatus(http, new GrpcStatus(GrpcStatusCode.Unimplemented, $"unsupported grpc-encoding '{encoding}' (supported: {GrpcProtocol.SupportedEncodings})"), null);
            return;
        }
        TimeSpan? timeout = null;
        string? timeoutText = request.Headers[GrpcProtocol.TimeoutHeader];
        if (timeoutText is not null)
        {
            if (!GrpcTimeout.TryParse(timeoutText, out TimeSpan parsed))
            {
                WriteStatus(http, new GrpcStatus(GrpcStatusCode.Internal, $"malformed grpc-timeout '{timeoutText}'"), null);
                return;
            }
            timeout = parsed;
        }

        // Server shutdown ends long-lived streams (subscriptions) promptly instead of after Kestrel's grace period.
        CancellationToken stopping = http.RequestServices?.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var deadline = new CancellationTokenSource();
        using var callToken = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, deadline.Token, stopping);
        if (timeout is TimeSpan t)
            deadline.CancelAfter(t);
        var context = new GrpcServerCallContext(http, path, timeout is TimeSpan d ? DateTime.UtcNow + d : null, callToken.Token);

        Task handler = RunAsync(route, http, context);
        if (timeout is not null)
        {
            // A handler that ignores its token must not hold the call past the deadline.
            var expired = Task.Delay(Timeout.Infinite, deadline.Token);
            if (await Task.WhenAny(handler, expired).ConfigureAwait(false) == expired && !handler.IsCompleted)
            {
                if (http.Items[typeof(GrpcServerStreamWriter<>)] is Func<Task> closeWriter)
                    await closeWriter().ConfigureAwait(false);
                _ = handler.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
                WriteStatus(http, new GrpcStatus(GrpcStatusCode.DeadlineExceeded, "deadline exceeded"), context);
                return;
            }
        }
        GrpcStatus status;
        try
        {
            await handler.ConfigureAwait(false);
            status = context.Status;
        }
        catch (GrpcException e)
        {
            status = e.Status;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            status = new GrpcStatus(GrpcStatusCode.DeadlineExceeded, "deadline exceeded");
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
        {
            status = new GrpcStatus(GrpcStatusCode.Unavailable, "server is shutting down");
        }
        catch (Exception) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client reset the stream or went away: nobody is left to read a status.
            Counters.Count(GrpcStatusCode.Cancelled);
            return;
        }
        catch (Exception e)
        {
            _logger.LogError(e, "gRPC handler for {Method} failed", path);
            status = new GrpcStatus(GrpcStatusCode.Unknown, "Exception was thrown by handler.");
        }
        if (deadline.IsCancellationRequested && status.Code == GrpcStatusCode.Cancelled)
            status = new GrpcStatus(GrpcStatusCode.DeadlineExceeded, "deadline exceeded");
        WriteStatus(http, status, context);
    }

    private static async Task RunAsync(Func<HttpContext, GrpcServerCallContext, Task> route, HttpContext http, GrpcServerCallContext context)
    {
        await Task.Yield();
        await route(http, context).ConfigureAwait(false);
    }

    /// <summary>Ends the call: trailers after messages, or a trailers-only response when nothing was sent.</summary>
    private void WriteStatus(HttpContext http, GrpcStatus status, GrpcServerCallContext? context)
    {
        Counters.Count(status.Code);
        HttpResponse response = http.Response;
        string code = ((int)status.Code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!response.HasStarted)
        {
            response.Headers[GrpcProtocol.StatusHeader] = code;
            if (status.Detail.Length > 0)
                response.Headers[GrpcProtocol.MessageHeader] = GrpcStatusMessage.Encode(status.Detail);
            if (context is not null)
            {
                foreach ((string name, string value) in context.ResponseTrailers)
                    response.Headers[name] = value;
            }
            return;
        }
        response.AppendTrailer(GrpcProtocol.StatusHeader, code);
        if (status.Detail.Length > 0)
            response.AppendTrailer(GrpcProtocol.MessageHeader, GrpcStatusMessage.Encode(status.Detail));
        if (context is not null)
        {
            foreach ((string name, string value) in context.ResponseTrailers)
                response.AppendTrailer(name, value);
        }
    }
}
