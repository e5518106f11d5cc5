using System.Security.Claims;
using McpPlatform.Gateway.Auth;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Keys;

namespace McpPlatform.Gateway.Telemetry;

/// <summary>
/// The one way a key is named in the audit log, traces, metrics and logs (never the key itself): a virtual key by its
/// id (<c>vk_…</c>), a configuration key as <c>config:&lt;name&gt;</c>, anonymous access as <c>anonymous</c>, and a
/// request without an accepted key as <c>unauthenticated</c>. Configuration key names may not begin with <c>vk_</c>
/// (<see cref="GatewayOptionsValidator"/>), so the two kinds never meet.
/// </summary>
public static class KeyIds
{
    /// <summary>Requests refused with 401: no key, a malformed one, or one the gateway does not know (or no longer accepts).</summary>
    public const string Unauthenticated = "unauthenticated";

    /// <summary>Requests served under <c>Gateway:Anonymous</c>.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>What a configuration key's name is prefixed with.</summary>
    public const string ConfigPrefix = "config:";

    /// <summary>The id of an authenticated key.</summary>
    public static string Of(GatewayKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Of(key.Name);
    }

    /// <summary>The id of the key an authenticated principal carries; <see cref="Unauthenticated"/> when it carries none.</summary>
    public static string Of(ClaimsPrincipal? user) =>
        user?.FindFirst(ApiKeyAuthenticationHandler.KeyNameClaim)?.Value is { } name ? Of(name) : Unauthenticated;

    /// <summary>The id of the key with this <see cref="GatewayKey.Name"/>.</summary>
    public static string Of(string keyName) =>
        keyName == AnonymousAccessOptions.KeyName ? Anonymous
        : keyName.StartsWith(KeySecret.IdStart, StringComparison.Ordinal) ? keyName
        : ConfigPrefix + keyName;
}
