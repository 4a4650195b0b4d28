using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Telemetry;

/// <summary>
/// The service with its own tracing wiring (sources, instrumentation, filters) plus OpenTelemetry's
/// in-memory exporter and the sampler production uses when OTLP export is on (parent-based, always on).
/// A separate host, so the shared one keeps tracing off and cheap.
/// </summary>
public sealed class InMemoryTracingFactory(RedisFixture redis, Action<IServiceCollection>? configureServices = null) : ApiFactory(redis)
{
    private readonly LockedList<Activity> _spans = new();

    /// <summary>Ended, recorded spans so far (the in-memory exporter adds each as it ends).</summary>
    public IReadOnlyList<Activity> Spans => _spans.Snapshot();

    public IReadOnlyList<Activity> SpansOf(TraceParent trace) =>
        Spans.Where(a => a.TraceId == trace.TraceId).ToList();

    public Task<Activity> WaitForSpanAsync(TraceParent trace, Func<Activity, bool> predicate, string what) =>
        Eventually.GetAsync(() => SpansOf(trace).FirstOrDefault(predicate), what);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
                .SetSampler(new ParentBasedSampler(new AlwaysOnSampler()))
                .AddInMemoryExporter(_spans));
            configureServices?.Invoke(services);
        });
    }

    /// <summary>The exporter adds from request threads while tests read.</summary>
    private sealed class LockedList<T> : ICollection<T>
    {
        private readonly List<T> _items = [];

        public int Count { get { lock (_items) { return _items.Count; } } }
        public bool IsReadOnly => false;
        public void Add(T item) { lock (_items) { _items.Add(item); } }
        public void Clear() { lock (_items) { _items.Clear(); } }
        public bool Contains(T item) { lock (_items) { return _items.Contains(item); } }
        public void CopyTo(T[] array, int arrayIndex) { lock (_items) { _items.CopyTo(array, arrayIndex); } }
        public bool Remove(T item) { lock (_items) { return _items.Remove(item); } }
        public T[] Snapshot() { lock (_items) { return [.. _items]; } }
        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Snapshot()).GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
