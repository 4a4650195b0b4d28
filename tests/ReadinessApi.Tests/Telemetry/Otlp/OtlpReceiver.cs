using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ReadinessApi.Tests.Telemetry.Otlp;

/// <summary>
/// A real OTLP receiver on 127.0.0.1 (an ephemeral port), the part of a collector the service talks to:
/// OTLP/HTTP (<c>POST /v1/traces|metrics|logs</c>, <c>application/x-protobuf</c>, HTTP/1.1) or OTLP/gRPC
/// (the three <c>Export</c> methods over cleartext HTTP/2, length-prefixed messages, <c>grpc-status</c>
/// trailers). Every request body is decoded as it arrives; a body that is not valid protobuf fails the test
/// through <see cref="Failures"/>.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<OtlpSpan> Spans { get; } = new();
    public ConcurrentQueue<OtlpMetric> Metrics { get; } = new();
    public ConcurrentQueue<OtlpLog> Logs { get; } = new();
    /// <summary>Requests received per path, and what went wrong decoding any of them.</summary>
    public ConcurrentDictionary<string, int> Requests { get; } = new();
    public ConcurrentQueue<string> Failures { get; } = new();

    public string Endpoint { get; private set; } = "";
    public bool Grpc { get; private set; }

    public static async Task<OtlpReceiver> StartAsync(bool grpc)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Kept out of the service's traces: the service under test shares this process, and its ASP.NET Core
        // instrumentation would otherwise trace every export request into the next export.
        var diagnostics = new DiagnosticListener("OtlpReceiver");
        builder.Services.Replace(ServiceDescriptor.Singleton(diagnostics));
        builder.Services.Replace(ServiceDescriptor.Singleton<DiagnosticSource>(diagnostics));
        builder.Services.Replace(ServiceDescriptor.Singleton(new ActivitySource("OtlpReceiver")));
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0,
            // Cleartext HTTP/2 needs prior knowledge, so gRPC gets an HTTP/2-only listener.
            listen => listen.Protocols = grpc ? HttpProtocols.Http2 : HttpProtocols.Http1));
        var app = builder.Build();
        var receiver = new OtlpReceiver(app) { Grpc = grpc };

        if (grpc)
        {
            app.MapPost("/opentelemetry.proto.collector.trace.v1.TraceService/Export", ctx => receiver.GrpcAsync(ctx, receiver.OnTraces));
            app.MapPost("/opentelemetry.proto.collector.metrics.v1.MetricsService/Export", ctx => receiver.GrpcAsync(ctx, receiver.OnMetrics));
            app.MapPost("/opentelemetry.proto.collector.logs.v1.LogsService/Export", ctx => receiver.GrpcAsync(ctx, receiver.OnLogs));
        }
        else
        {
            app.MapPost("/v1/traces", ctx => receiver.HttpAsync(ctx, receiver.OnTraces));
            app.MapPost("/v1/metrics", ctx => receiver.HttpAsync(ctx, receiver.OnMetrics));
            app.MapPost("/v1/logs", ctx => receiver.HttpAsync(ctx, receiver.OnLogs));
        }
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Endpoint = new Uri(address).GetLeftPart(UriPartial.Authority);
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private void OnTraces(ProtoMessage m)
    {
        foreach (var span in OtlpDecoder.Spans(m))
        {
            Spans.Enqueue(span);
        }
    }

    private void OnMetrics(ProtoMessage m)
    {
        foreach (var metric in OtlpDecoder.Metrics(m))
        {
            Metrics.Enqueue(metric);
        }
    }

    private void OnLogs(ProtoMessage m)
    {
        foreach (var log in OtlpDecoder.Logs(m))
        {
            Logs.Enqueue(log);
        }
    }

    private async Task HttpAsync(HttpContext context, Action<ProtoMessage> onMessage)
    {
        Requests.AddOrUpdate(context.Request.Path, 1, (_, n) => n + 1);
        if (context.Request.ContentType != "application/x-protobuf")
        {
            Failures.Enqueue($"{context.Request.Path}: Content-Type {context.Request.ContentType}");
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }
        var body = await ReadBodyAsync(context);
        Decode(context.Request.Path, body, onMessage);
        // An empty Export*ServiceResponse: everything accepted.
        context.Response.ContentType = "application/x-protobuf";
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private async Task GrpcAsync(HttpContext context, Action<ProtoMessage> onMessage)
    {
        Requests.AddOrUpdate(context.Request.Path, 1, (_, n) => n + 1);
        var body = await ReadBodyAsync(context);
        // gRPC framing: 1 byte compressed flag, 4 bytes big-endian length, then the message.
        var pos = 0;
        while (pos < body.Length)
        {
            if (body.Length - pos < 5 || body[pos] != 0)
            {
                Failures.Enqueue($"{context.Request.Path}: bad gRPC frame at {pos} (compressed or truncated)");
                break;
            }
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(pos + 1));
            Decode(context.Request.Path, body.AsMemory(pos + 5, length), onMessage);
            pos += 5 + length;
        }
        context.Response.ContentType = "application/grpc";
        context.Response.AppendTrailer("grpc-status", "0");
        await context.Response.Body.WriteAsync(new byte[5]);   // one empty Export*ServiceResponse
    }

    private void Decode(string path, ReadOnlyMemory<byte> body, Action<ProtoMessage> onMessage)
    {
        try
        {
            onMessage(new ProtoMessage(body));
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidOperationException)
        {
            Failures.Enqueue($"{path}: {ex.Message}");
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }
}
