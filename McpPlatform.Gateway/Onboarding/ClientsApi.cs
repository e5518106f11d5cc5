using McpPlatform.Gateway.Rest;
using McpPlatform.Gateway.Routing;
using McpPlatform.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace McpPlatform.Gateway.Onboarding;

/// <summary>
/// <c>GET /v1/clients</c> and <c>GET /v1/clients/{client}</c>: ready-to-paste setups (<see cref="ClientSetups"/>) for
/// the caller's key and the gateway's public URL (<see cref="PublicUrl"/>); <c>?server=</c> points them at one server's
/// route (<c>/mcp/{server}</c>, a server of the key). Answers are not to be cached: they carry the caller's key.
/// </summary>
public static class ClientsApi
{
    private const string ServerName = "mcpplatform";

    public static IEndpointRouteBuilder MapClientsApiV1(this IEndpointRouteBuilder routes)
    {
        var clients = routes.MapGroup("/v1/clients").RequireAuthorization();
        clients.MapGet("", ListClients).WithName("ListClientSetups");
        clients.MapGet("/{client}", GetClient).WithName("GetClientSetup");
        return routes;
    }

    internal static Results<Ok<ClientSetupList>, JsonHttpResult<ErrorResponse>> ListClients(HttpContext http, PublicUrl publicUrl, string? server)
    {
        if (Target(http, publicUrl, server) is not { } target)
        {
            return UnknownServer(server!);
        }

        var key = CallerKey.Of(http.Request);
        var setups = ClientSetups.Ids.Select(id => ClientSetups.For(id, target.Name, target.McpUrl, target.OpenApiBase, key)!).ToList();
        NoStore(http);
        return TypedResults.Ok(new ClientSetupList(target.McpUrl, setups));
    }

    internal static Results<Ok<ClientSetup>, JsonHttpResult<ErrorResponse>> GetClient(HttpContext http, PublicUrl publicUrl, string client, string? server)
    {
        if (Target(http, publicUrl, server) is not { } target)
        {
            return UnknownServer(server!);
        }

        if (ClientSetups.For(client, target.Name, target.McpUrl, target.OpenApiBase, CallerKey.Of(http.Request)) is not { } setup)
        {
            return TypedResults.Json(
                new ErrorResponse(new ErrorResponseDetail($"No setup for the client '{client}'; the gateway has setups for {string.Join(", ", ClientSetups.Ids)}.", "not_found", "unknown_client")),
                statusCode: StatusCodes.Status404NotFound);
        }

        NoStore(http);
        return TypedResults.Ok(setup);
    }

    /// <summary>Where the setups point: every server of the key, or one of its servers (null: not one of the key's).</summary>
    private static (string Name, string McpUrl, string OpenApiBase)? Target(HttpContext http, PublicUrl publicUrl, string? server)
    {
        if (string.IsNullOrEmpty(server))
        {
            return (ServerName, publicUrl.Of(http.Request, "/mcp"), publicUrl.Of(http.Request, RestToolsApi.BasePath));
        }

        if (RestScopes.Resolve(http, server) is not { } scope)
        {
            return null;
        }

        var canonical = Uri.EscapeDataString(scope.Servers[0]);
        return ($"{ServerName}-{scope.Servers[0]}", publicUrl.Of(http.Request, "/mcp/" + canonical), publicUrl.Of(http.Request, $"{RestToolsApi.BasePath}/servers/{canonical}"));
    }

    private static JsonHttpResult<ErrorResponse> UnknownServer(string server) =>
        TypedResults.Json(new ErrorResponse(new ErrorResponseDetail($"Unknown MCP server '{server}'.", "not_found", "unknown_server")), statusCode: StatusCodes.Status404NotFound);

    private static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "no-store";
}
