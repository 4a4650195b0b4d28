using Microsoft.AspNetCore.Authorization;

namespace ReadinessApi.Infrastructure.Security;

/// <summary>A key limited to some operations may call only those (403 otherwise); a key with no list may call all.</summary>
internal sealed class OperationAllowedRequirement : AuthorizationHandler<OperationAllowedRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAllowedRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return Task.CompletedTask;
        }
        var allowed = context.User.FindAll(ApiKeyAuthenticationHandler.OperationClaim).Select(c => c.Value).ToList();
        var operation = (context.Resource as HttpContext)?.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
        if (allowed.Count == 0 || (operation is not null && allowed.Contains(operation, StringComparer.Ordinal)))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
