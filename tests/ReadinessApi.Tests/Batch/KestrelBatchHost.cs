using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Batch;

/// <summary>
/// The service on real Kestrel sockets (not the in-memory test server), with its log lines captured: what
/// streaming, disconnects and server-wide body limits need. Runs alone so memory readings are its own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KestrelBatchCollection : ICollectionFixture<KestrelBatchHost>
{
    public const string Name = "batch-kestrel";
}

public sealed class KestrelBatchHost : IAsyncLifetime
{
    public RedisFixture Redis { get; } = new();
    public CapturedLogs Logs { get; } = new();
    public ApiFactory Factory { get; private set; } = null!;

    /// <summary>Where the server listens (loopback, a free port).</summary>
    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        Factory = new LoggingFactory(Redis, Logs);
        Factory.UseKestrel(0);
        Factory.StartServer();
        Address = Factory.CreateClient().BaseAddress!;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Redis.DisposeAsync();
    }

    private sealed class LoggingFactory(RedisFixture redis, CapturedLogs logs) : ApiFactory(redis)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(l => l.AddProvider(logs));
        }
    }
}

/// <summary>Log lines of the batch category, as formatted.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName.StartsWith("ReadinessApi.Batch", StringComparison.Ordinal) ? _lines : null);

    public void Dispose() { }

    private sealed class Logger(ConcurrentQueue<string>? lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => lines is not null;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines?.Enqueue(formatter(state, exception));
    }
}
