using System.Diagnostics;

namespace ReadinessApi.Tests.Telemetry;

/// <summary>A W3C trace context a client sends in (<c>traceparent: 00-&lt;trace id&gt;-&lt;parent span id&gt;-01</c>).</summary>
public sealed record TraceParent(ActivityTraceId TraceId, ActivitySpanId ParentSpanId)
{
    public static TraceParent New() => new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());

    public string Header => $"00-{TraceId.ToHexString()}-{ParentSpanId.ToHexString()}-01";

    public HttpRequestMessage Post(string path, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", Header);
        return request;
    }

    public HttpRequestMessage Get(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", Header);
        return request;
    }
}
