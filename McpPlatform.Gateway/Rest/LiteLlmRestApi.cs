using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.Gateway.Catalog;
using ModelContextProtocol;

namespace McpPlatform.Gateway.Rest;

/// <summary>
/// LiteLLM's MCP REST routes, so that scripts written for a LiteLLM proxy keep working (docs/gateway.md):
/// <c>GET /mcp-rest/tools/list[?server_id=]</c> answers <c>{"tools": [{name, description, inputSchema, mcp_info:
/// {server_name}}], "error", "message"}</c>; <c>POST /mcp-rest/tools/call</c> takes <c>{"server_id"?, "name",
/// "arguments"}</c> and answers the tool's result (<c>content</c>, <c>structuredContent</c>, <c>isError</c>). A listed
/// name is called as listed: namespaced without <c>server_id</c>, the server's own name with it (a namespaced name works
/// there too). Calls are <see cref="RestToolCalls"/>: same rules, limits and audit as MCP.
/// </summary>
public static class LiteLlmRestApi
{
    public static IEndpointRouteBuilder MapLiteLlmRestApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/mcp-rest").RequireAuthorization();
        group.MapGet("/tools/list", ListToolsAsync).WithName("LiteLlmListTools");
        group.MapPost("/tools/call", CallToolAsync).WithName("LiteLlmCallTool");
        return routes;
    }

    internal static async Task<IResult> ListToolsAsync(HttpContext http, ToolCatalog catalog, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "server_id")] string? serverId)
    {
        if (RestScopes.Resolve(http, serverId, aggregate: false) is not { } scope)
        {
            // LiteLLM answers an unknown server_id with 200 and an error field; unknown and hidden servers alike.
            return TypedResults.Json<JsonNode>(new JsonObject
            {
                ["tools"] = new JsonArray(),
                ["error"] = "server_not_found",
                ["message"] = $"Server with id {serverId} not found",
            });
        }

        var tools = new JsonArray();
        foreach (var tool in await catalog.ListAsync(scope, http.RequestAborted))
        {
            var listed = JsonSerializer.SerializeToNode(Mcp.ToolHandlers.Expose(tool), McpJsonUtilities.DefaultOptions)!.AsObject();
            listed["mcp_info"] = new JsonObject { ["server_name"] = tool.Server };
            tools.Add(listed);
        }

        return TypedResults.Json<JsonNode>(new JsonObject { ["tools"] = tools, ["error"] = null, ["message"] = "Successfully retrieved tools" });
    }

    internal static async Task<IResult> CallToolAsync(HttpContext http, RestToolCalls calls, ToolCatalog catalog)
    {
        var body = await RestBody.ReadAsync(http.Request, http.RequestAborted);
        if (body.Error is { } error)
        {
            return error;
        }

        if (body.Node is not JsonObject request || request["name"] is not JsonValue nameValue || !nameValue.TryGetValue<string>(out var name))
        {
            return RestErrors.BadRequest("The body must be {\"server_id\"?: \"<server>\", \"name\": \"<tool>\", \"arguments\": {...}}: 'name' must be a string.");
        }

        var serverId = request["server_id"] is JsonValue id && id.TryGetValue<string>(out var text) ? text : null;
        if (RestScopes.Resolve(http, serverId, aggregate: serverId is null ? null : false) is not { } scope)
        {
            return RestErrors.UnknownServer(serverId ?? string.Empty);
        }

        // With server_id, LiteLLM takes the server's own tool name or the namespaced one: try the own name first.
        if (serverId is not null && await catalog.FindAsync(scope, name, http.RequestAborted) is null)
        {
            scope = scope with { Aggregate = true };
        }

        return await calls.CallAsync(http, scope, name, request["arguments"]);
    }
}
