using System.Security.Claims;
using System.Text.Encodings.Web;
using McpPlatform.ServiceDefaults;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace McpPlatform.Connectors.Postgres.Access;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;Connector:Secret&gt;</c>, and nothing else: the secret in any other header
/// or scheme is no secret. Refusals get 401 with a short JSON error; neither the presented nor the configured value is
/// ever logged or echoed.
/// </summary>
internal sealed class SecretAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ConnectorSecret secret)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ConnectorSecret";

    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!secret.IsConfigured)
        {
            // Development without a secret (validated at start): open, and warned about once at start.
            return Task.FromResult(Success("development-without-secret"));
        }

        var authorization = Request.Headers.Authorization;
        if (authorization.Count != 1
            || authorization[0] is not { } value
            || !value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            || !secret.Matches(value[BearerPrefix.Length..]))
        {
            return Task.FromResult(AuthenticateResult.Fail("No valid connector secret."));
        }

        return Task.FromResult(Success("gateway"));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"mcpplatform-connector\"";
        await Response.WriteErrorAsync(
            "This connector answers only its gateway: send 'Authorization: Bearer <secret>' with the secret configured as Connector:Secret.",
            "unauthorized",
            "connector_secret_required");
    }

    private AuthenticateResult Success(string caller)
    {
        // One identity for every holder of the secret: stateful MCP sessions bind to it like to a gateway key.
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, caller), new Claim(ClaimTypes.Name, caller)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
