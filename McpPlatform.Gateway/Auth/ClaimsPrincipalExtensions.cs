using System.Security.Claims;

namespace McpPlatform.Gateway.Auth;

internal static class ClaimsPrincipalExtensions
{
    /// <summary>The key behind an authenticated request; fails closed when there is none.</summary>
    public static GatewayKey RequireGatewayKey(this ClaimsPrincipal? user, ApiKeyStore keyStore)
    {
        var name = user?.FindFirst(ApiKeyAuthenticationHandler.KeyNameClaim)?.Value;
        return (name is null ? null : keyStore.FindByName(name))
            ?? throw new UnauthorizedAccessException("The request carries no authenticated gateway key.");
    }
}
