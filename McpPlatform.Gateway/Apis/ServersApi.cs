using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Routing;
using McpPlatform.Gateway.Upstreams;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Apis;

/// <summary><c>GET /v1/mcp/servers</c>: the status of each upstream server the caller's key may use.</summary>
public static class ServersApi
{
    public static IEndpointRouteBuilder MapServersApiV1(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/mcp/servers", ListServersAsync).RequireAuthorization();
        return routes;
    }

    /// <summary>
    /// Each server's state as last seen. A server never listed yet is asked (all side by side), for at most the list
    /// deadline: one that hangs shows as <c>slow</c> instead of holding the answer.
    /// </summary>
    internal static async Task<Ok<ServerList>> ListServersAsync(
        HttpContext httpContext, GatewayScopeResolver scopes, UpstreamPool upstreams, IOptions<GatewayOptions> options, CancellationToken cancellationToken)
    {
        var scope = scopes.Resolve(httpContext)!;
        return TypedResults.Ok(new ServerList(await StatusAsync(scope.Servers.Select(server => upstreams.Get(server)!), options.Value.ListDeadline, cancellationToken)));
    }

    /// <summary>The status of each of <paramref name="servers"/> (also the admin page's server list), asked as described above.</summary>
    internal static async Task<IReadOnlyList<UpstreamStatus>> StatusAsync(IEnumerable<Upstream> servers, TimeSpan listDeadline, CancellationToken cancellationToken)
    {
        var all = servers.ToList();
        await Task.WhenAll(all
            .Where(upstream => !upstream.Health.IsDown)
            .Select(upstream => upstream.Lists.Tools.GetAsync(listDeadline, cancellationToken).AsTask()));
        return [.. all.Select(upstream => upstream.Status())];
    }
}

/// <summary>The body of <c>GET /v1/mcp/servers</c>.</summary>
public sealed record ServerList(IReadOnlyList<UpstreamStatus> Servers);
