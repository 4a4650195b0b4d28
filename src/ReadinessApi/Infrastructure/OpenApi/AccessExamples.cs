using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ReadinessApi.Infrastructure.Security;

namespace ReadinessApi.Infrastructure.OpenApi;

/// <summary>
/// The answers every /v1 operation can give outside its handler, as this deployment is configured: 401 and
/// 403 when API keys are enabled, 429 when rate limits are, 408 when the request outlasts its time budget.
/// Each is produced by the service's own code (status-code pages for 401/403/408, the rate limiter's rejection
/// callback for 429) and carries the settings of a service that answers that way, so the examples check can
/// provoke it; the 408 cannot be provoked from outside (every operation answers well within a budget of at
/// least a second), so it says which test provokes it instead.
/// </summary>
internal static class AccessExamples
{
    /// <summary>The key the 403 example presents (its hash is configured in the example's settings; it is a key for nothing).</summary>
    public const string ExampleKey = "example-key-for-the-documentation";

    public static bool Applies(string? relativePath) =>
        relativePath is not null && (relativePath == "v1" || relativePath.StartsWith("v1/", StringComparison.Ordinal));

    public static IEnumerable<OperationExample> For(IReadOnlyDictionary<string, string>? parameters, bool keysEnabled, bool rateLimitsEnabled)
    {
        yield return new OperationExample("timedOut", "The request outlasted its time budget (Limits:RequestTimeout, or Limits:HeavyRequestTimeout for batch and sensitivity)",
            StatusCodes.Status408RequestTimeout, null, null, _ => new BareStatus(StatusCodes.Status408RequestTimeout))
        {
            Raw = new RawRequest { Parameters = parameters },
            NotSent = "No request can be made to outlast a budget of at least a second from outside; tests/ReadinessApi.Tests/Security/TimeBudgetTests.cs provokes it.",
        };
        if (rateLimitsEnabled)
        {
            yield return new OperationExample("rateLimited", "This client's request budget is spent: retry after Retry-After seconds",
                StatusCodes.Status429TooManyRequests, null, null, _ => new RateLimitRejection())
            {
                // A budget of one request: the first is answered, the next is refused.
                Raw = new RawRequest { Parameters = parameters, Repeat = 5 },
                Settings = new Dictionary<string, string> { ["RateLimiting__StandardBurst"] = "1", ["RateLimiting__HeavyBurst"] = "1" },
            };
        }
        if (!keysEnabled)
        {
            yield break;
        }
        var keys = new Dictionary<string, string>
        {
            ["ApiKeys__Enabled"] = "true",
            ["ApiKeys__Keys__0__Name"] = "documentation",
            ["ApiKeys__Keys__0__Hash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ExampleKey))),
            ["ApiKeys__Keys__0__Operations__0"] = "NoSuchOperation",
        };
        yield return new OperationExample("unauthorized", "API keys are enabled and the request has no valid X-Api-Key",
            StatusCodes.Status401Unauthorized, null, null, _ => new BareStatus(StatusCodes.Status401Unauthorized))
        {
            Raw = new RawRequest { Parameters = parameters },
            Settings = keys,
        };
        yield return new OperationExample("forbidden", "The API key may not call this operation",
            StatusCodes.Status403Forbidden, null, null, _ => new BareStatus(StatusCodes.Status403Forbidden))
        {
            Raw = new RawRequest { Parameters = parameters, Headers = new Dictionary<string, string> { [ApiKeyAuthenticationHandler.HeaderName] = ExampleKey } },
            Settings = keys,
        };
    }

    /// <summary>What the rate limiter does when it refuses: the rejection status, then the service's rejection callback.</summary>
    private sealed class RateLimitRejection : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var limiter = httpContext.RequestServices.GetRequiredService<IOptions<RateLimiterOptions>>().Value;
            var limits = httpContext.RequestServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value;
            // A token bucket refuses one request for one replenishment period (SecurityExtensions sets the periods).
            var retryAfter = SecurityExtensions.IsHeavy(httpContext) ? TimeSpan.FromMinutes(1) / limits.HeavyPermitsPerMinute : TimeSpan.FromSeconds(1);
            httpContext.Response.StatusCode = limiter.RejectionStatusCode;
            if (limiter.OnRejected is { } onRejected)
            {
                await onRejected(new OnRejectedContext { HttpContext = httpContext, Lease = new RefusedLease(retryAfter) }, CancellationToken.None);
            }
        }
    }

    private sealed class RefusedLease(TimeSpan retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
