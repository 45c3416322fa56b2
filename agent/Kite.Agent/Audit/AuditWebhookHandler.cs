using System.Buffers;
using System.IO.Pipelines;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Kite.Agent.Audit;

/// <summary>
/// Handles the POSTs of the Kubernetes API server's audit webhook backend: checks the token, reads
/// the body up to <see cref="AuditWebhookOptions.MaxBodyBytes"/>, splits it into events and hands
/// each to the sink. Bad requests get a 4xx with a one-line reason and are counted; nothing a client
/// sends can make it throw past the response.
/// </summary>
internal sealed class AuditWebhookHandler
{
    private readonly IAuditEventSink _sink;
    private readonly AuditWebhookOptions _options;
    private readonly byte[]? _token;
    private long _lastEventNumber;

    public AuditWebhookHandler(IAuditEventSink sink, AuditWebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxBodyBytes is <= 0 or > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxBodyBytes, "MaxBodyBytes must be between 1 and 2 GiB");
        _sink = sink;
        _options = options;
        _token = string.IsNullOrEmpty(options.BearerToken) ? null : Encoding.UTF8.GetBytes(options.BearerToken);
    }

    public AuditWebhookCounters Counters => _options.Counters;

    public async Task HandleAsync(HttpContext context)
    {
        AuditWebhookCounters counters = _options.Counters;
        counters.CountRequest();
        HttpRequest request = context.Request;

        if (_token is not null && !IsAuthorized(request))
        {
            counters.CountUnauthorizedRequest();
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await RespondAsync(context, StatusCodes.Status401Unauthorized, "missing or invalid bearer token").ConfigureAwait(false);
            return;
        }
        if (!IsJsonContentType(request.ContentType))
        {
            await RejectAsync(context, StatusCodes.Status415UnsupportedMediaType, $"content type '{request.ContentType}' is not application/json").ConfigureAwait(false);
            return;
        }
        if (request.ContentLength > _options.MaxBodyBytes)
        {
            await RejectAsync(context, StatusCodes.Status413PayloadTooLarge, $"body of {request.ContentLength} bytes exceeds the limit of {_options.MaxBodyBytes} bytes").ConfigureAwait(false);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            sizeFeature.MaxRequestBodySize = _options.MaxBodyBytes;

        byte[]? buffer = null;
        try
        {
            (buffer, int length, string? readError) = await ReadBodyAsync(request.BodyReader, (int)_options.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
            if (readError is not null)
            {
                await RejectAsync(context, StatusCodes.Status413PayloadTooLarge, readError).ConfigureAwait(false);
                return;
            }
            if (!AuditBatch.TryParse(buffer.AsMemory(0, length), out AuditBatch? batch, out string? error))
            {
                await RejectAsync(context, StatusCodes.Status400BadRequest, error!).ConfigureAwait(false);
                return;
            }
            int accepted;
            using (batch)
            {
                accepted = Deliver(batch!);
                if (batch!.RejectedItems > 0)
                    counters.CountRejectedEvents(batch.RejectedItems);
            }
            await RespondAsync(context, StatusCodes.Status200OK, null, accepted, batch.RejectedItems).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel enforces MaxRequestBodySize on chunked bodies by throwing while we read.
            await RejectAsync(context, e.StatusCode, e.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The API server went away; nothing to answer.
        }
        finally
        {
            if (buffer is not null)
                ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private int Deliver(AuditBatch batch)
    {
        ulong now = AuditEvent.NowNanos();
        int accepted = 0;
        foreach (JsonElement element in batch.Events)
        {
            var auditEvent = new AuditEvent(element, (ulong)Interlocked.Increment(ref _lastEventNumber), now);
            try
            {
                _sink.Accept(auditEvent);
                _options.Counters.CountAcceptedEvent();
                accepted++;
            }
            catch (Exception)
            {
                // One bad event (or a bug downstream) must not cost the rest of the batch.
                _options.Counters.CountSinkFailure();
            }
        }
        return accepted;
    }

    private bool IsAuthorized(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (header is null || !AuthenticationHeaderValue.TryParse(header, out AuthenticationHeaderValue? value) ||
            !string.Equals(value.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) || value.Parameter is null)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(value.Parameter), _token);
    }

    // The API server sends application/json; a missing type is accepted for hand-made requests.
    private static bool IsJsonContentType(string? contentType) =>
        contentType is null ||
        (MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? media) &&
         media.MediaType is { } type &&
         (type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase)));

    private static async Task<(byte[] Buffer, int Length, string? Error)> ReadBodyAsync(PipeReader reader, int limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> data = result.Buffer;
            if (data.Length > limit)
            {
                reader.AdvanceTo(data.End);
                return (ArrayPool<byte>.Shared.Rent(1), 0, $"body exceeds the limit of {limit} bytes");
            }
            if (result.IsCompleted)
            {
                byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, (int)data.Length));
                data.CopyTo(buffer);
                int length = (int)data.Length;
                reader.AdvanceTo(data.End);
                return (buffer, length, null);
            }
            // Keep everything buffered until the body is complete.
            reader.AdvanceTo(data.Start, data.End);
        }
    }

    private Task RejectAsync(HttpContext context, int status, string reason)
    {
        _options.Counters.CountRejectedRequest();
        return RespondAsync(context, status, reason);
    }

    private static async Task RespondAsync(HttpContext context, int status, string? error, int accepted = 0, int rejected = 0)
    {
        HttpResponse response = context.Response;
        if (response.HasStarted)
            return;
        response.StatusCode = status;
        response.ContentType = "application/json";
        var body = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            if (error is null)
            {
                writer.WriteNumber("accepted", accepted);
                writer.WriteNumber("rejected", rejected);
            }
            else
            {
                writer.WriteString("error", error);
            }
            writer.WriteEndObject();
        }
        await response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
