using McpPlatform.ServiceDefaults;

namespace McpPlatform.Gateway.Routing;

/// <summary>
/// <c>/mcp/{server}</c> for a server that is unknown, disabled or not the key's: 404 with a JSON error, the same
/// for all three so a key learns nothing about servers it may not use.
/// </summary>
internal static class ServerRouteValidation
{
    public static IApplicationBuilder UseServerRouteValidation(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.GetRouteValue(GatewayScopeResolver.ServerRouteValue) is string server
                && context.User.Identity?.IsAuthenticated == true
                && context.RequestServices.GetRequiredService<GatewayScopeResolver>().Resolve(context) is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await context.Response.WriteErrorAsync($"Unknown MCP server '{server}'.", "not_found", "unknown_server");
                return;
            }

            await next(context);
        });
}
