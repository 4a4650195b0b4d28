namespace ReadinessApi.Infrastructure.OpenApi;

/// <summary>Endpoint metadata: the request example and a factory for the matching 200 response example.</summary>
public sealed record OperationExamples(object? Request, Func<object?>? Response);

public static class OperationExamplesExtensions
{
    /// <summary>
    /// Documents a request example and its 200 response. The response is a factory so it can be computed
    /// by the same code that serves requests: the example is then what the service really answers.
    /// </summary>
    public static RouteHandlerBuilder WithExamples(this RouteHandlerBuilder builder, object? request, Func<object?>? response) =>
        builder.WithMetadata(new OperationExamples(request, response));
}
