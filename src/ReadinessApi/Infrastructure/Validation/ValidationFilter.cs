using System.Collections.Concurrent;
using FluentValidation;

namespace ReadinessApi.Infrastructure.Validation;

/// <summary>Runs the FluentValidation validator of the request argument <typeparamref name="T"/> before the handler.</summary>
public static class ValidationFilter<T>
{
    /// <summary>
    /// Built once per endpoint: the validator (a singleton) and the argument's position are found here, so a
    /// request pays for the validation only, not for a service lookup and a walk over boxed arguments.
    /// </summary>
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext factory, EndpointFilterDelegate next)
    {
        var index = Array.FindIndex(factory.MethodInfo.GetParameters(), p => p.ParameterType == typeof(T));
        if (index < 0)
        {
            throw new InvalidOperationException($"{factory.MethodInfo.Name} takes no {typeof(T).Name} to validate.");
        }
        var validator = factory.ApplicationServices.GetRequiredService<IValidator<T>>();
        return context => context.GetArgument<T>(index) is { } request && Validate(validator, request) is { } problem
            ? ValueTask.FromResult<object?>(problem)
            : next(context);
    }

    /// <summary>
    /// The 400 answer for an invalid request, or null when it is valid (also computes the documented examples).
    /// Synchronous because no rule is asynchronous (FluentValidation throws if one ever is, and every
    /// endpoint's tests would show it); its asynchronous path costs a state machine per rule.
    /// </summary>
    public static IResult? Validate(IValidator<T> validator, T request)
    {
        var result = validator.Validate(request);
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
        builder.AddEndpointFilterFactory(ValidationFilter<T>.Create).ProducesValidationProblem();
}

internal static class JsonNaming
{
    // FluentValidation asks for display names on every validation, not only on failures; the names are
    // the contracts' property paths, a small fixed set, so each is converted once.
    private static readonly ConcurrentDictionary<string, string> Paths = new(StringComparer.Ordinal);

    public static string CamelCasePath(string name) => Paths.GetOrAdd(name, static name =>
        string.Join('.', name.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..])));
}
