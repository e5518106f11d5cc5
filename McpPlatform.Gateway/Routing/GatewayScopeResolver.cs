using McpPlatform.Gateway.Auth;
using McpPlatform.Gateway.Upstreams;

namespace McpPlatform.Gateway.Routing;

/// <summary>
/// Works out a request's <see cref="GatewayScope"/>: <c>/mcp/{server-or-alias}</c> is that one server; <c>/mcp</c> is
/// every server of the key, narrowed by the <c>x-mcp-servers</c> header (names or aliases, comma-separated).
/// A server the key may not use is out of reach whichever way it is named.
/// </summary>
public sealed class GatewayScopeResolver(ServerDirectory directory, ApiKeyStore keyStore)
{
    public const string ServerRouteValue = "server";
    public const string ServersHeader = "x-mcp-servers";

    /// <summary>The scope, or null when the route names a server that is unknown, disabled or not the key's.</summary>
    public GatewayScope? Resolve(HttpContext context) => Resolve(context, out _);

    /// <summary>The scope and how the request narrowed it (for a session to keep); null as <see cref="Resolve(HttpContext)"/>.</summary>
    public GatewayScope? Resolve(HttpContext context, out ScopeRequest request)
    {
        var key = context.User.RequireGatewayKey(keyStore);
        if (context.GetRouteValue(ServerRouteValue) is string routed)
        {
            if (!directory.TryResolve(routed, out var canonical))
            {
                request = new ScopeRequest(routed, null);
                return null;
            }

            request = new ScopeRequest(canonical, null);
            return key.MayUse(canonical) && directory.EnabledServers.Contains(canonical) ? Resolve(key, request) : null;
        }

        var header = context.Request.Headers[ServersHeader].ToString();
        request = new ScopeRequest(null, string.IsNullOrWhiteSpace(header)
            ? null
            : header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(name => directory.TryResolve(name, out var canonical) ? canonical : null)
                .OfType<string>()
                .ToHashSet(StringComparer.Ordinal));
        return Resolve(key, request);
    }

    /// <summary>
    /// The scope a key has for a request's narrowing: also for a session whose key's rules changed since it began. A routed
    /// server the key may no longer use leaves the scope with no server at all (fail closed).
    /// </summary>
    public GatewayScope Resolve(GatewayKey key, ScopeRequest request)
    {
        var reachable = directory.EnabledServers.Where(key.MayUse);
        if (request.RoutedServer is { } routed)
        {
            return new GatewayScope(key, reachable.Contains(routed) ? [routed] : [], Aggregate: false);
        }

        return new GatewayScope(key, request.HeaderServers is { } requested ? [.. reachable.Where(requested.Contains)] : [.. reachable], Aggregate: true);
    }
}
