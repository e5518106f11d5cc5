using McpPlatform.Gateway.Routing;
using McpPlatform.Gateway.Upstreams;
using Microsoft.AspNetCore.Http.HttpResults;

namespace McpPlatform.Gateway.Apis;

/// <summary><c>GET /v1/mcp/servers</c>: the status of each upstream server the caller's key may use.</summary>
public static class ServersApi
{
    public static IEndpointRouteBuilder MapServersApiV1(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/mcp/servers", ListServersAsync).RequireAuthorization();
        return routes;
    }

    internal static async Task<Ok<ServerList>> ListServersAsync(HttpContext httpContext, GatewayScopeResolver scopes, UpstreamPool upstreams, CancellationToken cancellationToken)
    {
        var scope = scopes.Resolve(httpContext)!;
        var statuses = new List<UpstreamStatus>();
        foreach (var server in scope.Servers)
        {
            var upstream = upstreams.Get(server)!;
            try
            {
                // A fresh look (cached tool lists make this cheap); a failure is part of the status.
                await upstream.ListToolsAsync(cancellationToken);
            }
            catch (UpstreamUnavailableException)
            {
            }

            statuses.Add(upstream.Status());
        }

        return TypedResults.Ok(new ServerList(statuses));
    }
}

/// <summary>The body of <c>GET /v1/mcp/servers</c>.</summary>
public sealed record ServerList(IReadOnlyList<UpstreamStatus> Servers);
