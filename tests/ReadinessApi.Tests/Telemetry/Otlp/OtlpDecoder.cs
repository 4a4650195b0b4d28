namespace ReadinessApi.Tests.Telemetry.Otlp;

public sealed record OtlpSpan(
    string TraceId, string SpanId, string ParentSpanId, string Name, int Kind, int StatusCode,
    string Scope, IReadOnlyDictionary<string, object?> Attributes, IReadOnlyDictionary<string, object?> Resource);

public sealed record OtlpDataPoint(IReadOnlyDictionary<string, object?> Attributes, double? Value, ulong? Count);

public sealed record OtlpMetric(
    string Name, string Unit, string Kind, string Scope, IReadOnlyList<OtlpDataPoint> Points, IReadOnlyDictionary<string, object?> Resource);

public sealed record OtlpLog(
    string TraceId, string SpanId, int SeverityNumber, string? Body, string Scope,
    IReadOnlyDictionary<string, object?> Attributes, IReadOnlyDictionary<string, object?> Resource);

/// <summary>
/// Names the fields of OTLP export requests (opentelemetry-proto v1: collector/{trace,metrics,logs}/v1,
/// trace/v1/trace.proto, metrics/v1/metrics.proto, logs/v1/logs.proto, common/v1/common.proto,
/// resource/v1/resource.proto), for the fields the tests assert on. Field numbers are the spec's.
/// </summary>
public static class OtlpDecoder
{
    /// <summary>ExportTraceServiceRequest → ResourceSpans(1) → ScopeSpans(2) → Span(2).</summary>
    public static IEnumerable<OtlpSpan> Spans(ProtoMessage request)
    {
        foreach (var resourceSpans in request.Messages(1))
        {
            var resource = Resource(resourceSpans);
            foreach (var scopeSpans in resourceSpans.Messages(2))
            {
                var scope = scopeSpans.Message(1)?.String(1) ?? "";
                foreach (var span in scopeSpans.Messages(2))
                {
                    yield return new OtlpSpan(
                        TraceId: span.Hex(1), SpanId: span.Hex(2), ParentSpanId: span.Hex(4), Name: span.String(5) ?? "",
                        Kind: (int)span.Scalar(6), StatusCode: (int)(span.Message(15)?.Scalar(3) ?? 0),
                        Scope: scope, Attributes: Attributes(span, 9), Resource: resource);
                }
            }
        }
    }

    /// <summary>ExportMetricsServiceRequest → ResourceMetrics(1) → ScopeMetrics(2) → Metric(2): name 1, unit 3, sum 7, gauge 5, histogram 9.</summary>
    public static IEnumerable<OtlpMetric> Metrics(ProtoMessage request)
    {
        foreach (var resourceMetrics in request.Messages(1))
        {
            var resource = Resource(resourceMetrics);
            foreach (var scopeMetrics in resourceMetrics.Messages(2))
            {
                var scope = scopeMetrics.Message(1)?.String(1) ?? "";
                foreach (var metric in scopeMetrics.Messages(2))
                {
                    var (kind, data) = metric.Message(7) is { } sum ? ("sum", sum)
                        : metric.Message(5) is { } gauge ? ("gauge", gauge)
                        : metric.Message(9) is { } histogram ? ("histogram", histogram)
                        : metric.Message(10) is { } exponential ? ("exponential_histogram", exponential)
                        : ("other", (ProtoMessage?)null);
                    var points = data is null ? [] : data.Messages(1).Select(p => kind == "histogram"
                        // HistogramDataPoint: attributes 9, count 4 (fixed64), sum 5 (double)
                        ? new OtlpDataPoint(Attributes(p, 9), p.Has(5) ? p.Double(5) : null, p.Scalar(4))
                        // NumberDataPoint: attributes 7, as_double 4, as_int 6 (sfixed64)
                        : new OtlpDataPoint(Attributes(p, 7), p.Has(4) ? p.Double(4) : (long)p.Scalar(6), null)).ToList();
                    yield return new OtlpMetric(metric.String(1) ?? "", metric.String(3) ?? "", kind, scope, points, resource);
                }
            }
        }
    }

    /// <summary>ExportLogsServiceRequest → ResourceLogs(1) → ScopeLogs(2) → LogRecord(2): severity 2, body 5, attributes 6, trace id 9, span id 10.</summary>
    public static IEnumerable<OtlpLog> Logs(ProtoMessage request)
    {
        foreach (var resourceLogs in request.Messages(1))
        {
            var resource = Resource(resourceLogs);
            foreach (var scopeLogs in resourceLogs.Messages(2))
            {
                var scope = scopeLogs.Message(1)?.String(1) ?? "";
                foreach (var log in scopeLogs.Messages(2))
                {
                    yield return new OtlpLog(log.Hex(9), log.Hex(10), (int)log.Scalar(2),
                        log.Message(5) is { } body ? AnyValue(body)?.ToString() : null, scope, Attributes(log, 6), resource);
                }
            }
        }
    }

    /// <summary>Resource (field 1 of every Resource* message) → KeyValue attributes (1).</summary>
    private static IReadOnlyDictionary<string, object?> Resource(ProtoMessage resourceHolder) =>
        resourceHolder.Message(1) is { } resource ? Attributes(resource, 1) : new Dictionary<string, object?>();

    /// <summary>repeated KeyValue { key 1; AnyValue value 2 }.</summary>
    private static Dictionary<string, object?> Attributes(ProtoMessage message, int field)
    {
        var attributes = new Dictionary<string, object?>();
        foreach (var kv in message.Messages(field))
        {
            attributes[kv.String(1) ?? ""] = kv.Message(2) is { } value ? AnyValue(value) : null;
        }
        return attributes;
    }

    /// <summary>AnyValue: string 1, bool 2, int 3, double 4, array 5, kvlist 6, bytes 7.</summary>
    private static object? AnyValue(ProtoMessage value) =>
        value.Has(1) ? value.String(1)
        : value.Has(2) ? value.Scalar(2) != 0
        : value.Has(3) ? (long)value.Scalar(3)
        : value.Has(4) ? value.Double(4)
        : value.Has(5) ? value.Message(5)!.Messages(1).Select(AnyValue).ToArray()
        : value.Has(7) ? value.Bytes(7)
        : null;
}
