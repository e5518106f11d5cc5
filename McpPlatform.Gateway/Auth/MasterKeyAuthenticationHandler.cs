using System.Security.Claims;
using System.Text.Encodings.Web;
using McpPlatform.Gateway.Admin;
using McpPlatform.ServiceDefaults;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Auth;

/// <summary>
/// Authenticates the admin API's <c>Authorization: Bearer &lt;master key&gt;</c> (<see cref="AdminOptions.MasterKey"/>):
/// compared by <see cref="MasterKeyCheck"/> (SHA-256 digests, constant time); the key is never logged. Anything else gets 401 with a JSON error body.
/// </summary>
internal sealed class MasterKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    MasterKeyCheck masterKey)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "MasterKey";

    private const string BearerPrefix = "Bearer ";
    private static readonly object FailureKey = new();

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers.Authorization;
        if (authorization.Count == 0)
        {
            return Task.FromResult(Fail(ApiKeyFailure.Missing));
        }

        var value = authorization.Count == 1 ? authorization[0] : null;
        if (value is null || !value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) || value.Length == BearerPrefix.Length)
        {
            return Task.FromResult(Fail(ApiKeyFailure.Malformed));
        }

        // Without a master key nothing authenticates (the admin API is not even mapped then).
        if (!masterKey.Matches(value[BearerPrefix.Length..]))
        {
            Logger.LogWarning("Refused an admin request with a wrong master key from {RemoteIp}", Context.Connection.RemoteIpAddress);
            return Task.FromResult(Fail(ApiKeyFailure.Unknown));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin"), new Claim(ClaimTypes.Role, AdminAuthorization.Role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Items.TryGetValue(FailureKey, out var stored) && stored is ApiKeyFailure f ? f : ApiKeyFailure.Missing;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"mcpplatform-admin\"";
        var (message, code) = failure switch
        {
            ApiKeyFailure.Malformed => ("The Authorization header must be 'Bearer <master key>'.", "malformed_master_key"),
            ApiKeyFailure.Unknown => ("The master key is not valid.", "invalid_master_key"),
            _ => ("The admin API needs the master key: send 'Authorization: Bearer <master key>'.", "missing_master_key"),
        };
        await Response.WriteErrorAsync(message, "authentication_error", code);
    }

    private AuthenticateResult Fail(ApiKeyFailure failure)
    {
        Context.Items[FailureKey] = failure;
        return AuthenticateResult.Fail(failure.ToString());
    }
}
