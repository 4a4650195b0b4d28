using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using ReadinessApi.Infrastructure.Telemetry;
using StackExchange.Redis;

namespace ReadinessApi.Infrastructure.Caching;

/// <summary>
/// The cache for results that cost more to compute than to fetch (cohort rankings, what-if and
/// uncertainty results): two levels, this instance's memory in front of the shared Redis, with one
/// computation per key at a time in this process (concurrent requests for the same key wait for it).
/// It owns the key scheme (<see cref="CacheKey"/>), lifetimes (<see cref="CacheOptions"/>) and the
/// payload (compact JSON, Brotli above a size). Redis never costs a request: any Redis failure is a
/// miss, answered by computing (<see cref="CacheOutcome.Bypass"/>).
/// Cached values are shared between requests: they must be immutable.
/// Why not HybridCache (Microsoft.Extensions.Caching.Hybrid), which has the same two levels and stampede
/// protection: it does not say where a value came from (memory, Redis or the factory), which the
/// <c>X-Cache</c> header and the cache metrics report per request; its L2 is an <c>IDistributedCache</c>,
/// so every command would wait out the Redis client's own timeout during an outage, where this guards each
/// command with a short timeout and a circuit breaker (<see cref="RedisConnection"/>). Payloads stay
/// compact (binary encodings plus Brotli) through <see cref="IResultSerializer{T}"/>, as HybridCache's
/// serializers would allow.
/// </summary>
public sealed partial class ResultCache : IDisposable
{
    // The payload's first byte: how the rest is encoded.
    private const byte JsonPayload = 1;
    private const byte BrotliJsonPayload = 2;
    private const byte BinaryPayload = 3;
    private const byte BrotliBinaryPayload = 4;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly RedisConnection _redis;
    private readonly CacheOptions _options;
    private readonly ReadinessTelemetry _telemetry;
    private readonly ILogger<ResultCache> _logger;
    private readonly MemoryCache _local;
    private readonly ConcurrentDictionary<string, object> _running = new(StringComparer.Ordinal);
    private readonly CancellationToken _stopping;
    private readonly IServiceProvider? _services;
    private readonly ConcurrentDictionary<Type, object?> _serializers = new();

    public ResultCache(RedisConnection redis, IOptions<CacheOptions> options, ReadinessTelemetry telemetry, ILogger<ResultCache> logger,
        IHostApplicationLifetime? lifetime = null, IServiceProvider? services = null)
    {
        _services = services;
        _redis = redis;
        _options = options.Value;
        _telemetry = telemetry;
        _logger = logger;
        _local = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.LocalSizeLimitBytes });
        _stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
    }

    /// <summary>
    /// The cached value of <paramref name="key"/>, or the value <paramref name="factory"/> computes (then
    /// cached), with what the cache did. The factory runs at most once at a time per key in this
    /// process, apart from the requests waiting for it: it is cancelled only when every one of them has
    /// given up (or the service stops), never because one of several did.
    /// </summary>
    public ValueTask<CacheResult<T>> GetOrCreateAsync<T>(CacheKey key, Func<CancellationToken, ValueTask<T>> factory,
        CancellationToken cancellationToken = default) =>
        GetOrCreateAsync(key, null, factory, cancellationToken);

    /// <summary>The same, kept in Redis for <paramref name="ttl"/> instead of the kind's configured lifetime.</summary>
    public async ValueTask<CacheResult<T>> GetOrCreateAsync<T>(CacheKey key, TimeSpan? ttl, Func<CancellationToken, ValueTask<T>> factory,
        CancellationToken cancellationToken = default)
    {
        var redisKey = key.RedisKey;
        CacheResult<T> result;
        if (_local.TryGetValue(redisKey, out var local) && local is T value)
        {
            result = new(value, SharedCacheDown ? CacheOutcome.Bypass : CacheOutcome.Hit);
            Count(key.Kind, result.Outcome);
            return result;
        }
        return await LoadOnceAsync(key.Kind, redisKey, ttl ?? _options.TtlOf(key.Kind), factory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The same, with the key given as a kind and its parts (see <see cref="CacheKey"/>).</summary>
    public ValueTask<CacheResult<T>> GetOrCreateAsync<T>(string kind, IEnumerable<string?> keyParts,
        Func<CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken = default)
    {
        var key = CacheKey.For(kind);
        foreach (var part in keyParts)
        {
            key.Add(part);
        }
        return GetOrCreateAsync(key, factory, cancellationToken);
    }

    /// <summary>Redis is configured but not usable now: what memory serves is then reported as a bypass of the shared cache.</summary>
    private bool SharedCacheDown => _redis.IsConfigured && !_redis.IsAvailable;

    private async ValueTask<CacheResult<T>> LoadOnceAsync<T>(string kind, string redisKey, TimeSpan ttl, Func<CancellationToken, ValueTask<T>> factory,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            bool leader = false;
            if (!_running.TryGetValue(redisKey, out var running))
            {
                var flight = new Flight<T>(_stopping);
                if (!_running.TryAdd(redisKey, flight))
                {
                    continue;
                }
                leader = true;
                running = flight;
                // Run apart from this request, so that its cancellation is one caller leaving, not the end of the work.
                _ = Task.Run(() => RunAsync(flight, kind, redisKey, ttl, factory));
            }
            var joined = (Flight<T>)running;
            if (!joined.TryJoin())
            {
                // Every caller of that computation had gone and it is being cancelled: start a new one.
                _running.TryRemove(new KeyValuePair<string, object>(redisKey, joined));
                continue;
            }
            try
            {
                var result = await joined.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (leader)
                {
                    return result;
                }
                // Another request computed it just now: for this one it came from the cache.
                var shared = result.Outcome == CacheOutcome.Miss ? result with { Outcome = CacheOutcome.Hit } : result;
                Count(kind, shared.Outcome);
                return shared;
            }
            finally
            {
                joined.Leave();
            }
        }
    }

    private async Task RunAsync<T>(Flight<T> flight, string kind, string redisKey, TimeSpan ttl, Func<CancellationToken, ValueTask<T>> factory)
    {
        try
        {
            flight.Completion.SetResult(await LoadAsync(kind, redisKey, ttl, factory, flight.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException e) when (flight.Token.IsCancellationRequested)
        {
            flight.Completion.SetCanceled(e.CancellationToken);
        }
        catch (Exception e)
        {
            flight.Completion.SetException(e);
        }
        finally
        {
            _running.TryRemove(new KeyValuePair<string, object>(redisKey, flight));
            flight.Dispose();
        }
    }

    /// <summary>
    /// One computation in progress and the requests waiting for it. It is cancelled when the last of them
    /// leaves before it completes (every client gave up: nobody needs the result), or when the service stops.
    /// </summary>
    private sealed class Flight<T> : IDisposable
    {
        private readonly CancellationTokenSource _cancel;
        private readonly Lock _gate = new();
        private int _waiters;
        private bool _abandoned;

        public Flight(CancellationToken stopping)
        {
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            Token = _cancel.Token;
        }

        public TaskCompletionSource<CacheResult<T>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Cancelled when every waiting request has gone before the result was ready, or the service stops.</summary>
        public CancellationToken Token { get; }

        /// <summary>False once the computation was abandoned by all its callers (a newcomer must start another).</summary>
        public bool TryJoin()
        {
            lock (_gate)
            {
                if (_abandoned)
                {
                    return false;
                }
                _waiters++;
                return true;
            }
        }

        public void Leave()
        {
            lock (_gate)
            {
                if (--_waiters > 0 || Completion.Task.IsCompleted)
                {
                    return;
                }
                _abandoned = true;
            }
            try
            {
                _cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // It completed in the meantime: nothing to stop.
            }
        }

        public void Dispose() => _cancel.Dispose();
    }

    /// <summary>
    /// Counts an answer that sent no Redis command (memory, a joined computation, Redis skipped or not
    /// configured), and says so on the caller's span: such answers have no cache span of their own.
    /// </summary>
    private void Count(string kind, CacheOutcome outcome)
    {
        var current = Activity.Current;
        switch (outcome)
        {
            case CacheOutcome.Hit:
                _telemetry.CacheHit(current, kind);
                break;
            case CacheOutcome.Miss:
                _telemetry.CacheMiss(current, kind);
                break;
            default:
                _telemetry.CacheBypass(current, kind);
                break;
        }
    }

    private async Task<CacheResult<T>> LoadAsync<T>(string kind, string redisKey, TimeSpan ttl, Func<CancellationToken, ValueTask<T>> factory,
        CancellationToken cancellationToken)
    {
        // During an outage requests do not try Redis at all (the connection's probe notices its return).
        bool bypass = _redis.InOutage;
        if (_redis.IsConfigured && !bypass)
        {
            using var get = ReadinessTelemetry.StartCacheGet(kind);
            var fetched = await _redis.TryExecuteAsync(static (db, key) => db.StringGetLeaseAsync(key), redisKey, _stopping).ConfigureAwait(false);
            if (!fetched.Succeeded)
            {
                bypass = true;
                if (fetched.Error is { } error)
                {
                    _telemetry.CacheError(get, kind, "get", error);
                }
                _telemetry.CacheBypass(get, kind);
            }
            else if (fetched.Value is { } lease)
            {
                using (lease)
                {
                    if (TryDeserialize<T>(lease.Span, redisKey, out var cached))
                    {
                        StoreLocal(redisKey, cached, lease.Length, ttl);
                        _telemetry.CacheHit(get, kind);
                        return new(cached, CacheOutcome.Hit);
                    }
                }
            }
            if (!bypass)
            {
                _telemetry.CacheMiss(get, kind);
            }
        }
        else
        {
            Count(kind, _redis.IsConfigured ? CacheOutcome.Bypass : CacheOutcome.Miss);
        }

        var value = await factory(cancellationToken).ConfigureAwait(false);
        var payload = Serialize(value);
        StoreLocal(redisKey, value, payload.Length, ttl);
        if (!_redis.IsConfigured)
        {
            return new(value, CacheOutcome.Miss);
        }
        if (bypass)
        {
            return new(value, CacheOutcome.Bypass);
        }
        using var set = ReadinessTelemetry.StartCacheSet(kind);
        var stored = await _redis.TryExecuteAsync(static (db, s) => db.StringSetAsync(s.redisKey, s.payload, s.ttl),
            (redisKey, payload, ttl), _stopping).ConfigureAwait(false);
        if (stored.Error is { } setError)
        {
            _telemetry.CacheError(set, kind, "set", setError);
        }
        return new(value, stored.Succeeded ? CacheOutcome.Miss : CacheOutcome.Bypass);
    }

    private void StoreLocal<T>(string redisKey, T value, long size, TimeSpan ttl)
    {
        var lifetime = _options.LocalTtl < ttl ? _options.LocalTtl : ttl;
        if (lifetime <= TimeSpan.Zero || value is null)
        {
            return;
        }
        using var entry = _local.CreateEntry(redisKey);
        entry.Value = value;
        entry.Size = Math.Max(1, size);
        entry.AbsoluteExpirationRelativeToNow = lifetime;
    }

    /// <summary>The registered compact encoding of <typeparamref name="T"/>, if any (else JSON).</summary>
    private IResultSerializer<T>? SerializerOf<T>() =>
        (IResultSerializer<T>?)_serializers.GetOrAdd(typeof(T), static (_, services) => services?.GetService(typeof(IResultSerializer<T>)), _services);

    /// <summary>
    /// One format byte, then the value as UTF-8 JSON or in its registered compact encoding; above
    /// <see cref="CacheOptions.CompressAboveBytes"/>, the encoded length (4 bytes, big-endian) and its Brotli form.
    /// </summary>
    internal byte[] Serialize<T>(T value)
    {
        var body = new ArrayBufferWriter<byte>(4096);
        byte format = JsonPayload;
        if (SerializerOf<T>() is { } serializer)
        {
            serializer.Write(value, body);
            format = BinaryPayload;
        }
        else
        {
            using var writer = new Utf8JsonWriter(body);
            JsonSerializer.Serialize(writer, value, Json);
        }
        var encoded = body.WrittenSpan;
        if (encoded.Length <= _options.CompressAboveBytes)
        {
            var plain = new byte[encoded.Length + 1];
            plain[0] = format;
            encoded.CopyTo(plain.AsSpan(1));
            return plain;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(encoded.Length) + 5);
        try
        {
            buffer[0] = (byte)(format + 1);
            BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(1), encoded.Length);
            // Quality 1: most of the size gain for a few microseconds per kilobyte.
            if (!BrotliEncoder.TryCompress(encoded, buffer.AsSpan(5), out int written, quality: 1, window: 22))
            {
                throw new InvalidOperationException("Brotli could not compress a cache payload.");
            }
            return buffer.AsSpan(0, written + 5).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads a payload <see cref="Serialize"/> wrote; false (and a debug log) for anything else, e.g. another version's entry.</summary>
    internal bool TryDeserialize<T>(ReadOnlySpan<byte> payload, string redisKey, out T value)
    {
        value = default!;
        byte format = payload.Length > 0 ? payload[0] : (byte)0;
        byte[]? rented = null;
        try
        {
            var body = payload.Length > 0 ? payload[1..] : payload;
            if (format is BrotliJsonPayload or BrotliBinaryPayload)
            {
                if (payload.Length <= 5)
                {
                    return Unreadable(redisKey, null);
                }
                int length = BinaryPrimitives.ReadInt32BigEndian(payload[1..]);
                rented = ArrayPool<byte>.Shared.Rent(length);
                if (!BrotliDecoder.TryDecompress(payload[5..], rented, out int written) || written != length)
                {
                    return Unreadable(redisKey, null);
                }
                body = rented.AsSpan(0, length);
                format--;
            }
            switch (format)
            {
                case JsonPayload:
                    value = JsonSerializer.Deserialize<T>(body, Json)!;
                    return value is not null;
                case BinaryPayload when SerializerOf<T>() is { } serializer:
                    value = serializer.Read(body);
                    return value is not null;
                default:
                    return Unreadable(redisKey, null);
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            // An entry written by another version of the service: recompute and overwrite it.
            return Unreadable(redisKey, e);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private bool Unreadable(string redisKey, Exception? exception)
    {
        LogUnreadable(_logger, redisKey, exception);
        return false;
    }

    public void Dispose() => _local.Dispose();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Cache entry {Key} could not be read; it is recomputed and overwritten")]
    private static partial void LogUnreadable(ILogger logger, string key, Exception? exception);
}
