using System.Security.Claims;
using System.Text.Encodings.Web;
using McpPlatform.Gateway.Keys;
using McpPlatform.Gateway.Routing;
using McpPlatform.Gateway.Upstreams;
using McpPlatform.ServiceDefaults;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> or LiteLLM's <c>x-litellm-api-key: [Bearer ]&lt;key&gt;</c> against the configured and virtual keys (<see cref="ApiKeyStore"/>).
/// A missing, malformed, unknown, revoked, disabled or expired key gets 401 with a JSON error body; the presented key is
/// never logged. A virtual key the gateway knows but no longer accepts is named by its id (<see cref="RefusedKeyOf"/>) in
/// the log and the audit log, with why; the client hears the same as for an unknown key.
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

    /// <summary>LiteLLM's key header, accepted like <c>Authorization</c> everywhere but the admin API (master key: Authorization only).</summary>
    public const string LiteLlmKeyHeader = "x-litellm-api-key";

    private const string BearerPrefix = "Bearer ";
    private static readonly object FailureKey = new();
    private static readonly object RefusedKeyItem = new();

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Path.StartsWithSegments(AdminAuthorization.PathPrefix, StringComparison.OrdinalIgnoreCase))
        {
            // The admin API takes the master key (MasterKeyAuthenticationHandler): it is no API key, and no refusal to log here.
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // LiteLLM's header wins when both are sent: LiteLLM clients put the gateway key there and may leave an
        // Authorization header meant for an upstream (which the gateway never forwards).
        var litellm = Request.Headers[LiteLlmKeyHeader];
        var authorization = litellm.Count > 0 ? litellm : Request.Headers.Authorization;
        if (authorization.Count == 0)
        {
            return Task.FromResult(AnonymousMayCall() is { } anonymous ? Success(anonymous) : Fail(ApiKeyFailure.Missing));
        }

        var presented = authorization.Count == 1 ? PresentedKey(authorization[0], bearerOptional: litellm.Count > 0) : null;
        if (presented is null)
        {
            return Task.FromResult(Fail(ApiKeyFailure.Malformed));
        }

        var key = keyStore.Find(presented);
        if (key is not null)
        {
            return Task.FromResult(Success(key));
        }

        if (keyStore.FindInactive(presented, out var status) is { } inactive)
        {
            // The gateway knows this key: the refusal is audited and logged with its public id and why (never the key).
            var failure = status switch
            {
                VirtualKeyStatus.Revoked => ApiKeyFailure.Revoked,
                VirtualKeyStatus.Disabled => ApiKeyFailure.Disabled,
                _ => ApiKeyFailure.Expired,
            };
            Context.Items[RefusedKeyItem] = new RefusedKey(inactive.Id, failure);
            Logger.LogInformation("Refused a request with the {Status} key {KeyId} from {RemoteIp}", failure.ToString().ToLowerInvariant(), inactive.Id, Context.Connection.RemoteIpAddress);
            return Task.FromResult(Fail(failure));
        }

        Logger.LogInformation("Refused a request with an unknown API key from {RemoteIp}", Context.Connection.RemoteIpAddress);
        return Task.FromResult(Fail(ApiKeyFailure.Unknown));
    }

    /// <summary>The known virtual key a request was refused for (revoked, disabled, expired); null for every other request.</summary>
    public static RefusedKey? RefusedKeyOf(HttpContext context) =>
        context.Items.TryGetValue(RefusedKeyItem, out var refused) ? refused as RefusedKey : null;

    /// <summary>The key a request presents, as authentication reads it (<c>x-litellm-api-key</c> first, then <c>Authorization</c>); null when none.</summary>
    public static string? PresentedKeyOf(HttpRequest request)
    {
        var litellm = request.Headers[LiteLlmKeyHeader];
        var authorization = litellm.Count > 0 ? litellm : request.Headers.Authorization;
        return authorization.Count == 1 ? PresentedKey(authorization[0], bearerOptional: litellm.Count > 0) : null;
    }

    /// <summary>
    /// The key in <c>Bearer &lt;key&gt;</c>; with <paramref name="bearerOptional"/> (<c>x-litellm-api-key</c>, which
    /// LiteLLM takes with or without the scheme) also the bare key. Null when there is no key.
    /// </summary>
    private static string? PresentedKey(string? value, bool bearerOptional)
    {
        if (value is null)
        {
            return null;
        }

        var hasScheme = value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase);
        if (!hasScheme && !bearerOptional)
        {
            return null;
        }

        var key = (hasScheme ? value[BearerPrefix.Length..] : value).Trim();
        return key.Length == 0 ? null : key;
    }

    /// <summary>
    /// Anonymous access, when configured: only on the per-server MCP route of a server it grants
    /// (<c>/mcp/{server}…</c>; never the aggregate route or the REST APIs) and, unless allowed otherwise, from loopback.
    /// "Loopback" is the socket's peer and an unrelayed request: a forwarded address (<c>X-Forwarded-For: 127.0.0.1</c>),
    /// even one a trusted proxy vouches for, never makes a request local.
    /// </summary>
    private GatewayKey? AnonymousMayCall() =>
        keyStore.Anonymous is { } anonymous
        && McpRoutes.IsMcpPath(Request.Path) // only the MCP routes: never REST, chat or any later route with a server value
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
