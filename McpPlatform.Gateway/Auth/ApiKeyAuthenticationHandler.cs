using System.Security.Claims;
using System.Text.Encodings.Web;
using McpPlatform.Gateway.Routing;
using McpPlatform.Gateway.Upstreams;
using McpPlatform.ServiceDefaults;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> against the configured and virtual keys (<see cref="ApiKeyStore"/>).
/// A missing, malformed, unknown, revoked, disabled or expired key gets 401 with a JSON error body; the presented key is
/// never logged.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyStore keyStore,
    ServerDirectory directory)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyNameClaim = "mcpplatform:key";

    private const string BearerPrefix = "Bearer ";
    private static readonly object FailureKey = new();

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Path.StartsWithSegments(AdminAuthorization.PathPrefix, StringComparison.OrdinalIgnoreCase))
        {
            // The admin API takes the master key (MasterKeyAuthenticationHandler): it is no API key, and no refusal to log here.
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var authorization = Request.Headers.Authorization;
        if (authorization.Count == 0)
        {
            return Task.FromResult(AnonymousMayCall() is { } anonymous ? Success(anonymous) : Fail(ApiKeyFailure.Missing));
        }

        var value = authorization.Count == 1 ? authorization[0] : null;
        if (value is null || !value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) || value.Length == BearerPrefix.Length)
        {
            return Task.FromResult(Fail(ApiKeyFailure.Malformed));
        }

        var key = keyStore.Find(value[BearerPrefix.Length..].Trim());
        if (key is null)
        {
            Logger.LogInformation("Refused a request with an unknown or revoked API key from {RemoteIp}", Context.Connection.RemoteIpAddress);
            return Task.FromResult(Fail(ApiKeyFailure.Unknown));
        }

        return Task.FromResult(Success(key));
    }

    /// <summary>
    /// Anonymous access, when configured: only on the per-server MCP route of a server it grants
    /// (<c>/mcp/{server}…</c>; never the aggregate route or the REST APIs) and, unless allowed otherwise, from loopback.
    /// "Loopback" is the socket's peer and an unrelayed request: a forwarded address (<c>X-Forwarded-For: 127.0.0.1</c>),
    /// even one a trusted proxy vouches for, never makes a request local.
    /// </summary>
    private GatewayKey? AnonymousMayCall() =>
        keyStore.Anonymous is { } anonymous
        && !Request.Path.StartsWithSegments("/v1") && !Request.Path.StartsWithSegments("/mcp-rest") // REST routes with a server value too
        && Context.GetRouteValue(GatewayScopeResolver.ServerRouteValue) is string server // the route the scope resolver reads
        && directory.TryResolve(server, out var canonical)
        && anonymous.MayUse(canonical)
        && (keyStore.AnonymousFromRemote || ConnectionPeer.IsDirectLoopbackRequest(Context))
            ? anonymous
            : null;

    private static AuthenticateResult Success(GatewayKey key)
    {
        // NameIdentifier binds stateful MCP sessions to the key: another key cannot use a session id it learned.
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, key.Name), new Claim(ClaimTypes.Name, key.Name), new Claim(KeyNameClaim, key.Name)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Items.TryGetValue(FailureKey, out var stored) && stored is ApiKeyFailure f ? f : ApiKeyFailure.Missing;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"mcpplatform\"";
        var (message, code) = ApiError.For(failure);
        await Response.WriteErrorAsync(message, "authentication_error", code);
    }

    private AuthenticateResult Fail(ApiKeyFailure failure)
    {
        Context.Items[FailureKey] = failure;
        return AuthenticateResult.Fail(failure.ToString());
    }
}
