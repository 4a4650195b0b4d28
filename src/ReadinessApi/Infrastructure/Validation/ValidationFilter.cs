using System.Collections.Concurrent;
using FluentValidation;

namespace ReadinessApi.Infrastructure.Validation;

/// <summary>Runs the FluentValidation validator of the request argument <typeparamref name="T"/> before the handler.</summary>
public sealed class ValidationFilter<T> : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var validator = context.HttpContext.RequestServices.GetRequiredService<IValidator<T>>();
        foreach (var argument in context.Arguments)
        {
            if (argument is T request && await ValidateAsync(validator, request, context.HttpContext.RequestAborted) is { } problem)
            {
                return problem;
            }
        }
        return await next(context);
    }

    /// <summary>The 400 answer for an invalid request, or null when it is valid (also computes the documented examples).</summary>
    public static async ValueTask<IResult?> ValidateAsync(IValidator<T> validator, T request, CancellationToken cancellationToken)
    {
        var result = await validator.ValidateAsync(request, cancellationToken);
        return result.IsValid ? null : TypedResults.Problem(ValidationProblems.Create(result.ToDictionary()));
    }
}

public static class ValidationExtensions
{
    public static IHostApplicationBuilder AddValidation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton);
        // Paths in messages follow the JSON contract (camelCase), not the C# property names.
        ValidatorOptions.Global.PropertyNameResolver = (_, member, expression) =>
            expression is null && member is null ? null : JsonNaming.CamelCasePath(member?.Name ?? "");
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : JsonNaming.CamelCasePath(member.Name);
        return builder;
    }

    /// <summary>Validates the request body of type <typeparamref name="T"/> with its FluentValidation validator.</summary>
    public static RouteHandlerBuilder WithValidation<T>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<ValidationFilter<T>>().ProducesValidationProblem();
}

internal static class JsonNaming
{
    // FluentValidation asks for display names on every validation, not only on failures; the names are
    // the contracts' property paths, a small fixed set, so each is converted once.
    private static readonly ConcurrentDictionary<string, string> Paths = new(StringComparer.Ordinal);

    public static string CamelCasePath(string name) => Paths.GetOrAdd(name, static name =>
        string.Join('.', name.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..])));
}
