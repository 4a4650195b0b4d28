using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using ReadinessApi.Infrastructure.Validation;

namespace ReadinessApi.Infrastructure.Security;

/// <summary>
/// Everything that refuses traffic cheaply, all from the framework: Kestrel limits, optional API keys
/// (authentication + authorization), per-client rate limits, request time budgets, CORS and response
/// headers. Heavy operations (batch, sensitivity) get their own budgets.
/// </summary>
public static class SecurityExtensions
{
    public const string HeavyTimeoutPolicy = "heavy";
    private const string CorsPolicy = "clients";

    public static IHostApplicationBuilder AddSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.BindSettings<ApiKeyOptions>(ApiKeyOptions.SectionName)
            .Validate(o => !o.Enabled || o.Keys.Count > 0, "ApiKeys:Enabled needs at least one key in ApiKeys:Keys.")
            .Validate(o => o.Keys.All(k => k.Hash.Length == 64 && k.Name.Length > 0), "Every API key needs a Name and a 64-hex-digit SHA-256 Hash.");
        services.BindSettings<RateLimitingOptions>(RateLimitingOptions.SectionName);
        services.BindSettings<HardeningOptions>(HardeningOptions.SectionName);

        services.AddOptions<KestrelServerOptions>().Configure<IOptions<HardeningOptions>>((kestrel, limits) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.Value.MaxRequestHeadersTotalSize;
        });

        if (KeysEnabled(builder.Configuration))
        {
            // Registered only when keys are on: WebApplication adds the authentication and authorization
            // middlewares by itself whenever their services exist, and without keys they only cost time
            // (nothing can authenticate, no policy asks for a user).
            services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
            services.AddSingleton<IAuthorizationHandler, OperationAllowedRequirement>();
            // Every endpoint needs a valid key unless it opts out (health, metrics).
            services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .AddRequirements(new OperationAllowedRequirement())
                .Build());
        }

        services.AddSingleton<RateLimitBudgets>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = OnRejectedAsync;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, (string Client, bool Heavy)>(Partition);
        });

        services.BindSettings<TrustedProxyOptions>(TrustedProxyOptions.SectionName)
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)), "ForwardedHeaders:KnownProxies holds IP addresses only (e.g. 10.0.3.7).")
            .Validate(o => o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), "ForwardedHeaders:KnownNetworks holds networks in CIDR form only (e.g. 10.244.0.0/16).");
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((o, trusted) =>
        {
            // X-Forwarded-Host is not believed: the service never builds links from the host.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = trusted.Value.ForwardLimit;
            // The framework trusts loopback by default; here only what settings name is trusted.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in trusted.Value.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in trusted.Value.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        services.AddRequestTimeouts();
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<HardeningOptions>>((o, limits) =>
        {
            o.DefaultPolicy = new RequestTimeoutPolicy { Timeout = limits.Value.RequestTimeout, TimeoutStatusCode = StatusCodes.Status408RequestTimeout };
            o.AddPolicy(HeavyTimeoutPolicy, new RequestTimeoutPolicy { Timeout = limits.Value.HeavyRequestTimeout, TimeoutStatusCode = StatusCodes.Status408RequestTimeout });
        });

        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<HardeningOptions>>((o, limits) =>
            o.AddPolicy(CorsPolicy, policy =>
            {
                // Closed unless origins are configured: a browser app must be named to call the API.
                if (limits.Value.CorsOrigins.Count > 0)
                {
                    policy.WithOrigins([.. limits.Value.CorsOrigins]).AllowAnyHeader().WithMethods("GET", "POST")
                        .WithExposedHeaders("X-Cache", "Retry-After", "traceparent");
                }
            }));
        return builder;
    }

    public static WebApplication UseSecurity(this WebApplication app)
    {
        // First: everything after it (rate limits above all) sees the client a trusted proxy forwarded. With no
        // proxy trusted it could only ignore the headers, so it is not in the pipeline.
        if (TrustsProxies(app.Configuration))
        {
            app.UseForwardedHeaders();
        }
        app.Use(SecurityHeaders);
        app.UseRouting();
        app.UseCors(CorsPolicy);
        // Both switches are read at start-up, as AddSecurity reads them: what is off is not in the pipeline.
        if (KeysEnabled(app.Configuration))
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }
        if (RateLimitsEnabled(app.Configuration))
        {
            app.UseRateLimiter();
        }
        app.UseRequestTimeouts();
        return app;
    }

    private static bool KeysEnabled(IConfiguration configuration) =>
        (configuration.GetSection(ApiKeyOptions.SectionName).Get<ApiKeyOptions>() ?? new()).Enabled;

    private static bool TrustsProxies(IConfiguration configuration) =>
        (configuration.GetSection(TrustedProxyOptions.SectionName).Get<TrustedProxyOptions>() ?? new()) is { } o
        && (o.KnownProxies.Count > 0 || o.KnownNetworks.Count > 0);

    private static bool RateLimitsEnabled(IConfiguration configuration) =>
        (configuration.GetSection(RateLimitingOptions.SectionName).Get<RateLimitingOptions>() ?? new()).Enabled;

    /// <summary>Batch, sensitivity and cohort audit requests: one of them can cost seconds of CPU.</summary>
    public static bool IsHeavy(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/v1/scores/batch") || context.Request.Path.StartsWithSegments("/v1/sensitivity")
        || (context.Request.Path.StartsWithSegments("/v1/cohorts") && context.Request.Path.Value!.EndsWith("/audit", StringComparison.Ordinal));

    /// <summary>
    /// Only requests that reach an operation spend budget: a 404 (no endpoint) or a 405 (routing's
    /// method-not-allowed endpoint, which has no name) costs nothing, nor do health, metrics and the document.
    /// </summary>
    private static RateLimitPartition<(string Client, bool Heavy)> Partition(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/v1") || context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>() is null)
        {
            return RateLimitPartition.GetNoLimiter(("", false));
        }
        var client = context.User.Identity?.IsAuthenticated == true
            ? "key:" + context.User.Identity.Name
            : "ip:" + context.Connection.RemoteIpAddress;
        var budgets = context.RequestServices.GetRequiredService<RateLimitBudgets>();
        return RateLimitPartition.Get((client, IsHeavy(context)), budgets.Create);
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                // The framework has no default type for 429; RFC 6585 defines the status.
                Type = "https://tools.ietf.org/html/rfc6585#section-4",
                Title = "Too many requests.",
                Detail = $"This client's budget for {(IsHeavy(http) ? "batch and sensitivity" : "these")} operations is spent; retry after {seconds} s.",
            },
        });
    }

    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        if (!context.Request.Path.StartsWithSegments("/swagger"))
        {
            // An API returns data, never a page: nothing in a response may load or run anything.
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        }
        return next();
    }
}
