using McpPlatform.Gateway.Routing;
using McpPlatform.Gateway.Upstreams;

namespace McpPlatform.Gateway.Rest;

/// <summary>
/// What a REST request may reach: the scope its route gives (<see cref="GatewayScopeResolver"/>: every server of the key
/// with namespaced names, or one server's route with its own names), narrowed to one server when the request names it
/// (<c>?server=</c>, LiteLLM's <c>server_id</c>), keeping the route's naming. A server that is unknown, disabled or not
/// the key's gives null: the same 404 for all three.
/// </summary>
internal static class RestScopes
{
    public static GatewayScope? Resolve(HttpContext http, string? server = null, bool? aggregate = null)
    {
        // ServerRouteValidation already answered 404 for a server route out of reach; fail closed regardless.
        if (http.RequestServices.GetRequiredService<GatewayScopeResolver>().Resolve(http) is not { } scope)
        {
            return null;
        }

        if (string.IsNullOrEmpty(server))
        {
            return scope;
        }

        var directory = http.RequestServices.GetRequiredService<ServerDirectory>();
        return directory.TryResolve(server, out var canonical) && scope.Servers.Contains(canonical)
            ? scope with { Servers = [canonical], Aggregate = aggregate ?? scope.Aggregate }
            : null;
    }
}
