using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Kite.Agent.Configuration;
using Kite.Agent.Diagnostics;
using Kite.Protocol.Alerts;
using Microsoft.Extensions.Logging;

namespace Kite.Agent.Outputs;

/// <summary>
/// `http_output`: POSTs each alert (JSON with json_output, else the text line) to a URL such as
/// kite-sidekick or Falcosidekick. Network errors, timeouts, 408, 429 and 5xx are retried with
/// exponential backoff (kite.http_output); other 4xx fail at once. Alerts waiting behind a retry
/// stay in this output's bounded queue, so memory stays bounded and nothing is lost within the
/// retry budget. TLS and mTLS come from <see cref="HttpOutputClientFactory"/>.
/// </summary>
internal sealed class HttpOutput : IAlertOutput
{
    private readonly HttpOutputConfig _config;
    private readonly AlertFormatter _formatter;
    private readonly HttpClient _client;
    private readonly Uri _url;
    private readonly string _redactedUrl;
    private readonly TimeSpan _requestTimeout;
    private readonly MetricCounter _retries;
    private readonly ILogger _logger;
    private readonly MediaTypeHeaderValue _contentType;

    public HttpOutput(HttpOutputConfig config, AlertFormatter formatter, TimeSpan requestTimeout, AgentMetrics metrics, ILogger logger, HttpClient? client = null)
    {
        _config = config;
        _formatter = formatter;
        _url = new Uri(config.Url);
        _redactedUrl = SecretRedactor.RedactUrl(config.Url);
        _requestTimeout = requestTimeout;
        _client = client ?? HttpOutputClientFactory.Create(config);
        _retries = metrics.OutputRetries.For("http");
        _logger = logger;
        _contentType = new MediaTypeHeaderValue(formatter.ContentType) { CharSet = "utf-8" };
    }

    public string Name => "http";

    public async ValueTask WriteAsync(Alert alert, CancellationToken cancellationToken)
    {
        byte[] body = Body(_formatter.Format(alert));
        int delayMs = _config.Retry.InitialBackoffMs;
        for (int attempt = 1; ; attempt++)
        {
            string failure;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(_requestTimeout);
                using HttpRequestMessage request = Request(body);
                using HttpResponseMessage response = await _client.SendAsync(request, timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    if (_config.Echo)
                        AgentLog.HttpOutputEcho(_logger, _redactedUrl, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
                    return;
                }
                failure = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
                if (!IsRetryable(response.StatusCode))
                    throw new HttpRequestException($"{_redactedUrl} rejected the alert: {failure}", null, response.StatusCode);
            }
            catch (HttpRequestException e) when (e.StatusCode is null)
            {
                failure = e.HttpRequestError == HttpRequestError.Unknown ? e.Message : e.HttpRequestError.ToString();
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = $"no answer within {(int)_requestTimeout.TotalMilliseconds} ms";
            }
            if (attempt >= _config.Retry.MaxAttempts)
                throw new HttpRequestException($"{_redactedUrl}: giving up after {attempt} attempts, last: {failure}");
            _retries.Increment();
            // Jitter keeps a fleet of agents from retrying in lockstep after a receiver restart.
            int wait = delayMs / 2 + Random.Shared.Next(delayMs / 2 + 1);
            AgentLog.OutputRetrying(_logger, Name, attempt, failure, wait);
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            delayMs = Math.Min(delayMs * 2, _config.Retry.MaxBackoffMs);
        }
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private byte[] Body(ReadOnlySpan<byte> line)
    {
        if (!_config.CompressUploads)
            return line.ToArray();
        using var compressed = new MemoryStream(line.Length / 2 + 64);
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(line);
        return compressed.ToArray();
    }

    private HttpRequestMessage Request(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = _contentType;
        if (_config.CompressUploads)
            content.Headers.ContentEncoding.Add("gzip");
        var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = content };
        request.Headers.TryAddWithoutValidation("User-Agent", _config.UserAgent);
        if (!_config.KeepAlive)
            request.Headers.ConnectionClose = true;
        return request;
    }
}
