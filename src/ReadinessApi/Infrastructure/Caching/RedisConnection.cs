using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using ReadinessApi.Infrastructure.Telemetry;
using StackExchange.Redis;

namespace ReadinessApi.Infrastructure.Caching;

/// <summary>
/// The one Redis connection of the process, and the guard around every command sent on it. The
/// multiplexer connects lazily in the background (<c>AbortOnConnectFail = false</c>, fail-fast while
/// disconnected, reconnecting every second); each command gets a short timeout, and a Polly circuit
/// breaker stops sending commands for a while once they fail (as does a run of
/// <see cref="CacheOptions.ConsecutiveFailures"/> failures in a row), so an outage costs no request a timeout.
/// An outage is logged once when it begins and once when it ends, counted in a metric, and probed in
/// the background so that caching resumes by itself when Redis answers again.
/// </summary>
public sealed partial class RedisConnection : IAsyncDisposable, IDisposable
{
    private readonly CacheOptions _options;
    private readonly ILogger<RedisConnection> _logger;
    private readonly CacheMetrics _metrics;
    private readonly ReadinessTelemetry? _telemetry;
    private readonly TimeProvider _time;
    private readonly ConfigurationOptions? _configuration;
    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider _breaker = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _gate = new();
    private Task<IConnectionMultiplexer>? _connecting;
    private int _outage;
    private long _outageStarted;
    private int _probing;
    private int _consecutiveFailures;

    public RedisConnection(IConfiguration configuration, IOptions<CacheOptions> options, CacheMetrics metrics,
        ILogger<RedisConnection> logger, TimeProvider? time = null, ReadinessTelemetry? telemetry = null)
    {
        _telemetry = telemetry;
        _options = options.Value;
        _logger = logger;
        _metrics = metrics;
        _time = time ?? TimeProvider.System;
        if (configuration.GetConnectionString("Redis") is { Length: > 0 } connectionString)
        {
            // A malformed connection string is a configuration error: it stops start-up rather than becoming an outage.
            _configuration = ConfigurationOptions.Parse(connectionString);
            _configuration.AbortOnConnectFail = false;
            _configuration.ConnectTimeout = (int)_options.RedisConnectTimeout.TotalMilliseconds;
            _configuration.ConnectRetry = 1;
            // Commands fail at once while disconnected instead of queueing until they time out.
            _configuration.BacklogPolicy = BacklogPolicy.FailFast;
            _configuration.ReconnectRetryPolicy = new LinearRetry(1000);
            _configuration.AsyncTimeout = Math.Max(1000, (int)_options.RedisTimeout.TotalMilliseconds * 4);
            _configuration.SyncTimeout = _configuration.AsyncTimeout;
            _configuration.ClientName ??= "readiness-api";
            Endpoint = string.Join(",", _configuration.EndPoints.Select(e => e.ToString()));
        }
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = _options.FailureRatio,
                MinimumThroughput = _options.MinimumThroughput,
                SamplingDuration = _options.SamplingDuration,
                BreakDuration = _options.BreakDuration,
                StateProvider = _breaker,
                // Every failure counts, timeouts included; a caller giving up does not.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e
                    && !(e is OperationCanceledException && args.Context.CancellationToken.IsCancellationRequested)),
                OnOpened = args =>
                {
                    BeginOutage(Describe(args.Outcome.Exception));
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    EndOutage();
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(_options.RedisTimeout)
            .Build();
        if (IsConfigured)
        {
            metrics.ObserveAvailability(() => IsAvailable);
        }
    }

    /// <summary>False when <c>ConnectionStrings:Redis</c> is unset: the service caches in its own memory only.</summary>
    public bool IsConfigured => _configuration is not null;

    /// <summary>The configured endpoints (no password), for logs and health reports.</summary>
    public string? Endpoint { get; }

    /// <summary>True while commands are being sent: connected, the breaker closed, no outage under way.</summary>
    public bool IsAvailable =>
        IsConfigured && Volatile.Read(ref _outage) == 0 && _breaker.CircuitState is CircuitState.Closed
        && _connecting is { IsCompletedSuccessfully: true } c && c.Result.IsConnected;

    /// <summary>
    /// True from the moment Redis is seen to fail (a lost connection, a failed first connect, or enough
    /// failed commands to open the breaker) until a command succeeds again. Requests do not try Redis
    /// meanwhile; a background probe does.
    /// </summary>
    public bool InOutage => Volatile.Read(ref _outage) != 0;

    /// <summary>Raised once when an outage begins (with its reason) and once when it ends (with its length), for other users of Redis that log their own fall-back.</summary>
    public event Action<string>? OutageBegan;

    /// <inheritdoc cref="OutageBegan"/>
    public event Action<TimeSpan>? OutageEnded;

    /// <summary>The multiplexer, connecting it on first call. With <c>AbortOnConnectFail = false</c> it completes even when Redis is down, and keeps reconnecting.</summary>
    public Task<IConnectionMultiplexer> GetMultiplexerAsync()
    {
        if (_configuration is null)
        {
            throw new InvalidOperationException("Redis is not configured (ConnectionStrings:Redis).");
        }
        if (_connecting is { IsFaulted: false } existing)
        {
            return existing;
        }
        lock (_gate)
        {
            // A connect that threw (rather than returning a disconnected multiplexer) is tried again.
            if (_connecting is null or { IsFaulted: true })
            {
                _connecting = ConnectAsync();
            }
            return _connecting;
        }
    }

    /// <summary>
    /// Runs one command under the timeout and the breaker. Never throws for a Redis problem: a failure,
    /// a timeout, an open breaker or a connection still being made all return <c>Succeeded = false</c>.
    /// </summary>
    public async ValueTask<RedisResult<T>> TryExecuteAsync<TState, T>(Func<IDatabaseAsync, TState, Task<T>> command, TState state,
        CancellationToken cancellationToken = default)
    {
        if (_configuration is null)
        {
            return default;
        }
        var connecting = GetMultiplexerAsync();
        if (!connecting.IsCompletedSuccessfully)
        {
            // Still connecting (or the first attempt is under way): no request waits for it.
            return default;
        }
        var database = connecting.Result.GetDatabase();
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(static async (ctx, s) =>
            {
                try
                {
                    return Outcome.FromResult(await s.command(s.database, s.state).WaitAsync(ctx.CancellationToken).ConfigureAwait(false));
                }
                catch (Exception e)
                {
                    return Outcome.FromException<T>(e);
                }
            }, context, (command, database, state)).ConfigureAwait(false);
            if (outcome.Exception is { } error)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (error is BrokenCircuitException)
                {
                    // Not a failure: the breaker is open and nothing was sent.
                    return default;
                }
                LogCommandFailed(_logger, Describe(error), error);
                // A stalled Redis under load: failures in a row begin the outage without waiting for the
                // breaker, whose ratio the successes of the last SamplingDuration can hold down for seconds.
                if (Interlocked.Increment(ref _consecutiveFailures) >= _options.ConsecutiveFailures)
                {
                    BeginOutage(Describe(error));
                }
                return new RedisResult<T>(false, default!, error);
            }
            if (Volatile.Read(ref _consecutiveFailures) != 0)
            {
                Volatile.Write(ref _consecutiveFailures, 0);
            }
            if (InOutage && _breaker.CircuitState is CircuitState.Closed)
            {
                EndOutage();
            }
            return new RedisResult<T>(true, outcome.Result!);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<IConnectionMultiplexer> ConnectAsync()
    {
        IConnectionMultiplexer multiplexer;
        try
        {
            multiplexer = await ConnectionMultiplexer.ConnectAsync(_configuration!).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            BeginOutage(Describe(e));
            throw;
        }
        // Its commands become spans under the span that sent them (when traces are exported).
        _telemetry?.TraceRedis(multiplexer);
        // Losing the connection begins an outage at once, whether or not a request was waiting on Redis;
        // the background probe ends it when a command succeeds again.
        multiplexer.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                BeginOutage($"connection {e.FailureType}");
            }
        };
        if (multiplexer.IsConnected)
        {
            LogConnected(_logger, Endpoint!);
        }
        else
        {
            BeginOutage("not reachable");
        }
        return multiplexer;
    }

    private void BeginOutage(string reason)
    {
        if (Interlocked.CompareExchange(ref _outage, 1, 0) != 0)
        {
            return;
        }
        Interlocked.Exchange(ref _outageStarted, _time.GetTimestamp());
        _metrics.OutageBegan();
        LogOutageBegan(_logger, Endpoint!, reason, _options.BreakDuration.TotalSeconds);
        OutageBegan?.Invoke(reason);
        StartProbing();
    }

    private void EndOutage()
    {
        if (Interlocked.CompareExchange(ref _outage, 0, 1) != 1)
        {
            return;
        }
        var lasted = _time.GetElapsedTime(Interlocked.Read(ref _outageStarted));
        LogOutageEnded(_logger, Endpoint!, lasted.TotalSeconds);
        OutageEnded?.Invoke(lasted);
    }

    /// <summary>
    /// While an outage lasts, sends a PING through the breaker about once a second, so that recovery is
    /// noticed (and the breaker closed) even when every request is served from memory.
    /// </summary>
    private void StartProbing()
    {
        if (Interlocked.CompareExchange(ref _probing, 1, 0) != 0)
        {
            return;
        }
        var period = TimeSpan.FromMilliseconds(Math.Clamp(_options.BreakDuration.TotalMilliseconds / 3, 200, 1000));
        _ = Task.Run(async () =>
        {
            try
            {
                while (InOutage && !_disposed.IsCancellationRequested)
                {
                    await Task.Delay(period, _time, _disposed.Token).ConfigureAwait(false);
                    await TryExecuteAsync(static (db, _) => db.PingAsync(), 0, _disposed.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // Shutting down.
            }
            finally
            {
                Interlocked.Exchange(ref _probing, 0);
                if (InOutage && !_disposed.IsCancellationRequested)
                {
                    StartProbing();
                }
            }
        });
    }

    private static string Describe(Exception? e) => e switch
    {
        null => "unknown",
        TimeoutRejectedException or TimeoutException => "timeout",
        RedisConnectionException => "connection",
        BrokenCircuitException => "breaker open",
        RedisException => "redis error",
        _ => e.GetType().Name,
    };

    public void Dispose()
    {
        _disposed.Cancel();
        if (_connecting is { IsCompletedSuccessfully: true } c)
        {
            c.Result.Dispose();
        }
        _disposed.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync().ConfigureAwait(false);
        if (_connecting is { IsCompletedSuccessfully: true } c)
        {
            await c.Result.DisposeAsync().ConfigureAwait(false);
        }
        _disposed.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis connected at {Endpoint}: results are cached in memory and in Redis")]
    private static partial void LogConnected(ILogger logger, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis at {Endpoint} is unavailable ({Reason}): serving without it (X-Cache: bypass) and retrying every {BreakSeconds} s")]
    private static partial void LogOutageBegan(ILogger logger, string endpoint, string reason, double breakSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis at {Endpoint} answers again after {Seconds:0.0} s: caching in Redis resumed")]
    private static partial void LogOutageEnded(ILogger logger, string endpoint, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Redis command failed ({Reason}); answered without Redis")]
    private static partial void LogCommandFailed(ILogger logger, string reason, Exception exception);
}

/// <summary>
/// The result of a guarded Redis command: <see cref="Succeeded"/> false means Redis could not be used;
/// <see cref="Error"/> is set when a command was sent and failed (not when it was never sent).
/// </summary>
public readonly record struct RedisResult<T>(bool Succeeded, T Value, Exception? Error = null);
