using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.DependencyInjection;
using ReadinessApi.Scores;
using ReadinessApi.Tests.Infrastructure;

namespace ReadinessApi.Tests.Telemetry;

/// <summary>An unexpected exception is recorded on the request's span, and its problem names the trace.</summary>
[Collection(ApiCollection.Name)]
public sealed class ErrorSpanTests(ApiHost host)
{
    [Fact]
    public async Task UnhandledException_ServerSpanIsErrorWithExceptionEvent_ProblemCarriesTraceId()
    {
        // A validator that throws stands in for any bug on the request path.
        await using var factory = new InMemoryTracingFactory(host.Redis,
            services => services.AddSingleton<IValidator<ScoreRequest>, ThrowingValidator>());
        var trace = TraceParent.New();
        var response = await factory.CreateClient().SendAsync(trace.Post("/v1/scores",
            """{"country":"RUS","inputs":{"innovation":18.5,"implementation":33.0,"investment":9.0,"computeAccess":6.0}}"""));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(trace.TraceId.ToHexString(), problem.RootElement.GetProperty("traceId").GetString());
        Assert.DoesNotContain(ThrowingValidator.Message, text);   // exception text stays in telemetry, not in answers

        var server = await factory.WaitForSpanAsync(trace, a => a.Kind == ActivityKind.Server, "the server span");
        Assert.Equal(500, server.GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, server.Status);
        Assert.NotNull(server.GetTagItem("error.type"));
        Assert.Contains(server.Events, e => e.Name == "exception"
            && Equals(e.Tags.FirstOrDefault(t => t.Key == "exception.type").Value, typeof(InvalidOperationException).FullName)
            && Equals(e.Tags.FirstOrDefault(t => t.Key == "exception.message").Value, ThrowingValidator.Message));
    }

    private sealed class ThrowingValidator : AbstractValidator<ScoreRequest>
    {
        public const string Message = "validator exploded (test)";

        public override ValidationResult Validate(ValidationContext<ScoreRequest> context) => throw new InvalidOperationException(Message);

        public override Task<ValidationResult> ValidateAsync(ValidationContext<ScoreRequest> context, CancellationToken cancellation = default) =>
            throw new InvalidOperationException(Message);
    }
}
