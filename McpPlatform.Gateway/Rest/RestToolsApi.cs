using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.Gateway.Catalog;
using McpPlatform.Gateway.Mcp;
using McpPlatform.Gateway.Routing;
using ModelContextProtocol;

namespace McpPlatform.Gateway.Rest;

/// <summary>
/// The key's MCP tools over plain HTTP, for scripts and OpenAPI clients such as Open WebUI (docs/gateway.md, "REST and
/// OpenAPI"). Two bases, each with its own OpenAPI document: <c>/v1/mcp</c> (every server of the key, names namespaced
/// as on <c>/mcp</c>) and <c>/v1/mcp/servers/{server}</c> (one server, its own names, as on <c>/mcp/{server}</c>).
/// Under each: <c>GET tools</c>, <c>POST tools/{name}</c> (the body is the arguments) and <c>GET openapi.json</c>; on
/// the first also <c>POST tools/call</c> (<c>{"name", "arguments"}</c>). Every call is <see cref="RestToolCalls"/>.
/// </summary>
public static class RestToolsApi
{
    public const string BasePath = "/v1/mcp";

    public static IEndpointRouteBuilder MapRestToolsApiV1(this IEndpointRouteBuilder routes)
    {
        var all = routes.MapGroup(BasePath).RequireAuthorization();
        all.MapGet("/tools", ListToolsAsync).WithName("ListTools");
        all.MapPost("/tools/call", CallToolAsync).WithName("CallTool");
        all.MapPost("/tools/{tool}", CallOperationAsync).WithName("CallToolOperation");
        all.MapGet("/openapi.json", OpenApiAsync).WithName("ToolsOpenApi");

        var one = routes.MapGroup($"{BasePath}/servers/{{{GatewayScopeResolver.ServerRouteValue}}}").RequireAuthorization();
        one.MapGet("/tools", ListToolsAsync).WithName("ListServerTools");
        one.MapPost("/tools/{tool}", CallOperationAsync).WithName("CallServerToolOperation");
        one.MapGet("/openapi.json", OpenApiAsync).WithName("ServerToolsOpenApi");
        return routes;
    }

    /// <summary>The scope's tools as MCP lists them, each with its <c>server</c>; <c>?server=</c> narrows the aggregate list.</summary>
    internal static async Task<IResult> ListToolsAsync(HttpContext http, ToolCatalog catalog, string? server)
    {
        if (RestScopes.Resolve(http, server) is not { } scope)
        {
            return RestErrors.UnknownServer(server ?? string.Empty);
        }

        var tools = new JsonArray();
        foreach (var tool in await catalog.ListAsync(scope, http.RequestAborted))
        {
            var listed = JsonSerializer.SerializeToNode(ToolHandlers.Expose(tool), McpJsonUtilities.DefaultOptions)!.AsObject();
            listed["server"] = tool.Server;
            tools.Add(listed);
        }

        return TypedResults.Json<JsonNode>(new JsonObject { ["tools"] = tools });
    }

    /// <summary><c>POST /v1/mcp/tools/call</c>: <c>{"name": "...", "arguments": {...}}</c>, the tool's result back.</summary>
    internal static async Task<IResult> CallToolAsync(HttpContext http, RestToolCalls calls)
    {
        var body = await RestBody.ReadAsync(http.Request, http.RequestAborted);
        if (body.Error is { } error)
        {
            return error;
        }

        if (body.Node is not JsonObject request || request["name"] is not JsonValue nameValue || !nameValue.TryGetValue<string>(out var name))
        {
            return RestErrors.BadRequest("The body must be {\"name\": \"<tool>\", \"arguments\": {...}}: 'name' must be a string.");
        }

        return RestScopes.Resolve(http) is { } scope
            ? await calls.CallAsync(http, scope, name, request["arguments"])
            : RestErrors.UnknownServer(string.Empty);
    }

    /// <summary>An OpenAPI operation: <c>POST …/tools/{tool}</c> whose body is the tool's arguments.</summary>
    internal static async Task<IResult> CallOperationAsync(HttpContext http, RestToolCalls calls, string tool)
    {
        var body = await RestBody.ReadAsync(http.Request, http.RequestAborted);
        if (body.Error is { } error)
        {
            return error;
        }

        return RestScopes.Resolve(http) is { } scope
            ? await calls.CallAsync(http, scope, Uri.UnescapeDataString(tool), body.Node)
            : RestErrors.UnknownServer(string.Empty);
    }

    /// <summary>The OpenAPI 3.1 document of the tools of this base, for this key.</summary>
    internal static async Task<IResult> OpenApiAsync(HttpContext http, ToolCatalog catalog, PublicUrl publicUrl)
    {
        if (RestScopes.Resolve(http) is not { } scope)
        {
            return RestErrors.UnknownServer(string.Empty);
        }

        var tools = await catalog.ListAsync(scope, http.RequestAborted);
        var (path, title, description) = scope.Aggregate
            ? (BasePath, "McpPlatform gateway tools", "Every MCP tool this key may call, named <server>-<tool>. Each operation runs the tool through the gateway (key rules, limits, audit).")
            : ($"{BasePath}/servers/{Uri.EscapeDataString(scope.Servers[0])}", $"McpPlatform gateway: {scope.Servers[0]}", $"The tools of the MCP server '{scope.Servers[0]}' this key may call. Each operation runs the tool through the gateway (key rules, limits, audit).");
        return TypedResults.Json<JsonNode>(OpenApiDocument.Build(tools, publicUrl.Of(http.Request, path), title, description));
    }
}
