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
    public GatewayScope? Resolve(HttpContext context)
    {
        var key = context.User.RequireGatewayKey(keyStore);
        var reachable = directory.EnabledServers.Where(key.MayUse).ToList();

        if (context.GetRouteValue(ServerRouteValue) is string routed)
        {
            return directory.TryResolve(routed, out var canonical) && reachable.Contains(canonical)
                ? new GatewayScope(key, [canonical], Aggregate: false)
                : null;
        }

        var header = context.Request.Headers[ServersHeader].ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return new GatewayScope(key, reachable, Aggregate: true);
        }

        var requested = header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => directory.TryResolve(name, out var canonical) ? canonical : null)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        return new GatewayScope(key, [.. reachable.Where(requested.Contains)], Aggregate: true);
    }
}
