using System.Diagnostics;
using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ReadinessApi.Import.Http;

/// <summary>
/// GETs publishers' data with a per-attempt timeout and retries on transient failures (Polly), logs
/// each request with its outcome, and turns every failure into an <see cref="ImportException"/> that
/// names the URL and what happened.
/// </summary>
public sealed class PublisherHttp : IDisposable
{
    private readonly HttpClient _client;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ImportLog _log;
    private readonly PublisherHttpOptions _options;

    public PublisherHttp(ImportLog log, PublisherHttpOptions? options = null, HttpMessageHandler? handler = null)
    {
        _log = log;
        _options = options ?? PublisherHttpOptions.Default;
        _client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        // The pipeline owns timeouts; the client's own timeout would cut across retries.
        _client.Timeout = Timeout.InfiniteTimeSpan;
        _client.MaxResponseContentBufferSize = _options.MaxResponseBytes;
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("ReadinessApi.Import/1.0 (+reference-data importer)");
        _pipeline = BuildPipeline(_options, log);
    }

    /// <summary>The body of <paramref name="url"/> as UTF-8 text without a byte-order mark; <paramref name="what"/> names the data in messages.</summary>
    public async Task<string> GetStringAsync(Uri url, string what, CancellationToken cancellationToken) =>
        Text(await GetBytesAsync(url, what, cancellationToken).ConfigureAwait(false));

    /// <summary>UTF-8 text of a publisher's file; the BOM some publishers write (World Bank, TOP500) is not part of the data.</summary>
    public static string Text(byte[] body) => System.Text.Encoding.UTF8.GetString(body.AsSpan().StartsWith("\uFEFF"u8) ? body.AsSpan(3) : body);

    /// <summary>The body of <paramref name="url"/>, byte for byte; <paramref name="what"/> names the data in messages.</summary>
    public async Task<byte[]> GetBytesAsync(Uri url, string what, CancellationToken cancellationToken)
    {
        if (url.IsFile)
        {
            // A publisher's file downloaded by hand (TOP500 serves its list to registered users only).
            return File.Exists(url.LocalPath) ? await File.ReadAllBytesAsync(url.LocalPath, cancellationToken).ConfigureAwait(false)
                : throw new ImportException(ImportFailure.Http, $"{what}: {url.LocalPath} does not exist.");
        }
        var started = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                static async (state, ct) =>
                {
                    var (client, uri) = state;
                    return await client.GetAsync(uri, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
                },
                (_client, url),
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            throw new ImportException(ImportFailure.Http,
                $"{what}: no answer from {url} within {_options.AttemptTimeout.TotalSeconds:0} s, after {_options.MaxRetries + 1} attempts.", e);
        }
        catch (HttpRequestException e)
        {
            throw new ImportException(ImportFailure.Http,
                $"{what}: could not reach {url} after {_options.MaxRetries + 1} attempts: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ImportException(ImportFailure.Http, $"{what}: the request to {url} was cancelled: {e.Message}", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                string retried = IsTransient(response.StatusCode) ? $" after {_options.MaxRetries + 1} attempts" : "";
                throw new ImportException(ImportFailure.Http,
                    $"{what}: {url} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}{retried}.");
            }
            byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            _log.Info($"GET {url} -> {(int)response.StatusCode}, {body.Length / 1024.0:0.0} KB in {started.Elapsed.TotalSeconds:0.0} s");
            return body;
        }
    }

    internal static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline(PublisherHttpOptions options, ImportLog log)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.RetryDelay > TimeSpan.Zero,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => IsTransient(r.StatusCode)),
                OnRetry = args =>
                {
                    string why = args.Outcome.Exception?.Message ?? $"HTTP {(int)args.Outcome.Result!.StatusCode}";
                    log.Info($"retry {args.AttemptNumber + 1} of {options.MaxRetries} in {args.RetryDelay.TotalSeconds:0.0} s ({why})");
                    return ValueTask.CompletedTask;
                },
            });
        }
        builder.AddTimeout(options.AttemptTimeout);
        return builder.Build();
    }

    public void Dispose() => _client.Dispose();
}
