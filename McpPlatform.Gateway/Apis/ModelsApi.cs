using System.Text.Json;
using System.Text.Json.Serialization;
using McpPlatform.Gateway.Catalog;
using McpPlatform.Gateway.Configuration;
using McpPlatform.Gateway.Routing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace McpPlatform.Gateway.Apis;

/// <summary>OpenAI-style <c>GET /v1/models</c>: the configured models the caller's key may use, each with the tools it may use.</summary>
public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApiV1(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/models", ListModelsAsync).RequireAuthorization();
        return routes;
    }

    internal static async Task<Ok<ModelList>> ListModelsAsync(
        HttpContext httpContext,
        GatewayScopeResolver scopes,
        ToolCatalog catalog,
        IOptions<GatewayOptions> options,
        CancellationToken cancellationToken)
    {
        var scope = scopes.Resolve(httpContext)!;
        var tools = (await catalog.ListAsync(scope, cancellationToken)).Select(ToFunction).ToList();
        var models = options.Value.Models
            .Where(model => scope.Key.MayUseModel(model.Key))
            .OrderBy(model => model.Key, StringComparer.Ordinal)
            .Select(model => new ModelEntry(model.Key, "model", 0, model.Value.OwnedBy, tools))
            .ToList();
        return TypedResults.Ok(new ModelList("list", models));
    }

    private static FunctionTool ToFunction(CatalogEntry<ModelContextProtocol.Protocol.Tool> tool) =>
        new("function", new FunctionDefinition(tool.ExposedName, tool.Item.Description, tool.Item.InputSchema));
}

/// <summary>The body of <c>GET /v1/models</c>.</summary>
public sealed record ModelList(
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("data")] IReadOnlyList<ModelEntry> Data);

/// <summary>A model, with the tools the caller may use with it (OpenAI function-tool format).</summary>
public sealed record ModelEntry(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("owned_by")] string OwnedBy,
    [property: JsonPropertyName("tools")] IReadOnlyList<FunctionTool> Tools);

/// <summary>An OpenAI function tool.</summary>
public sealed record FunctionTool(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("function")] FunctionDefinition Function);

/// <summary>An OpenAI function: the namespaced MCP tool name, its description and input schema.</summary>
public sealed record FunctionDefinition(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("parameters")] JsonElement Parameters);
