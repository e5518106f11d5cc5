using McpPlatform.Gateway.Access;
using McpPlatform.Gateway.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace McpPlatform.Gateway.Apis;

/// <summary>
/// <c>GET /v1/access</c>: the calling key's own access explained (<see cref="AccessReport"/>), on the servers granted to
/// it only: a key learns nothing about servers it may not use.
/// </summary>
public static class AccessApi
{
    public static IEndpointRouteBuilder MapAccessApiV1(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/access", ExplainOwnAccessAsync).RequireAuthorization().WithName("ExplainOwnAccess");
        return routes;
    }

    internal static async Task<Ok<AccessReport>> ExplainOwnAccessAsync(
        HttpContext httpContext, ApiKeyStore keyStore, AccessExplainer explainer, CancellationToken cancellationToken) =>
        TypedResults.Ok(await explainer.ExplainAsync(httpContext.User.RequireGatewayKey(keyStore), grantedOnly: true, cancellationToken));
}
