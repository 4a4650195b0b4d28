// The load test's baseline: what POST /v1/scores costs with nothing but Kestrel, routing and JSON binding.
// The body is bound into a DTO of the service's request shape (System.Text.Json, the framework's web
// defaults); the answer is the service's real response to the benchmark body, read once at start-up from
// the file named by LOAD_BASELINE_RESPONSE (bench/load/throughput.sh saves it), so both servers send the
// same bytes, framed the same way (JSON, chunked).
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
var app = builder.Build();

var path = Environment.GetEnvironmentVariable("LOAD_BASELINE_RESPONSE");
byte[] response = path is { Length: > 0 } ? File.ReadAllBytes(path) : "{}"u8.ToArray();

app.MapPost("/v1/scores", async (ScoreRequest request, HttpContext context) =>
{
    // Touch what the service reads, so that binding cannot be optimised into nothing.
    if (request.Country.Length != 3 || request.Inputs.Count == 0)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return;
    }
    context.Response.ContentType = "application/json; charset=utf-8";
    await context.Response.Body.WriteAsync(response, context.RequestAborted);
});
app.MapGet("/health/live", () => "Healthy");

app.Run();
