using McpPlatform.Gateway.Routing;
using ModelContextProtocol.Server;

namespace McpPlatform.Gateway.Mcp;

/// <summary>
/// Gives each MCP session (or stateless request) handlers bound to its own scope — key, route and
/// <c>x-mcp-servers</c> header — when the SDK creates it.
/// </summary>
internal static class GatewaySessions
{
    public static Task ConfigureAsync(HttpContext context, McpServerOptions options, CancellationToken cancellationToken)
    {
        // ServerRouteValidation already answered 404 for a route without a scope; fail closed regardless.
        if (context.RequestServices.GetRequiredService<GatewayScopeResolver>().Resolve(context) is not { } scope)
        {
            throw new UnauthorizedAccessException("The request has no gateway scope.");
        }

        options.Handlers.ListToolsHandler = (request, ct) => GatewayMcpHandlers.ListToolsAsync(scope, request, ct);
        options.Handlers.CallToolHandler = (request, ct) => GatewayMcpHandlers.CallToolAsync(scope, request, ct);
        return Task.CompletedTask;
    }
}
