using System.Text.Json.Nodes;
using McpPlatform.Gateway.Catalog;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Rest;

/// <summary>
/// An OpenAPI 3.1 document of the tools a scope may call, for generated clients and Open WebUI's OpenAPI tool servers:
/// each tool is one operation, <c>POST {base}/tools/{name}</c>, its <c>operationId</c> the tool's name, its request body
/// the tool's input schema (OpenAPI 3.1 schemas are JSON Schema 2020-12, MCP's dialect), its answer the tool's result
/// (with the tool's output schema when it has one). The base is the document's own folder: Open WebUI takes a base URL,
/// reads <c>{base}/openapi.json</c> and calls <c>{base}{path}</c>; other clients read <c>servers[0].url</c>.
/// </summary>
internal static class OpenApiDocument
{
    private const string SchemaRef = "#/components/schemas/";
    private const string ResponseRef = "#/components/responses/";

    public static JsonObject Build(IReadOnlyList<CatalogEntry<Tool>> tools, string baseUrl, string title, string description)
    {
        var paths = new JsonObject();
        foreach (var tool in tools)
        {
            paths["/tools/" + Uri.EscapeDataString(tool.ExposedName)] = new JsonObject { ["post"] = Operation(tool) };
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject { ["title"] = title, ["version"] = "1.0.0", ["description"] = description },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = baseUrl }),
            ["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }),
            ["paths"] = paths,
            ["components"] = Components(),
        };
    }

    private static JsonObject Operation(CatalogEntry<Tool> tool)
    {
        var input = JsonNode.Parse(tool.Item.InputSchema.GetRawText()) as JsonObject ?? new JsonObject { ["type"] = "object" };
        var operation = new JsonObject
        {
            ["operationId"] = tool.ExposedName,
            ["summary"] = tool.Item.Title ?? tool.Item.Annotations?.Title ?? tool.ExposedName,
        };
        if (tool.Item.Description is { Length: > 0 } description)
        {
            operation["description"] = description;
        }

        operation["tags"] = new JsonArray(tool.Server);
        operation["requestBody"] = new JsonObject
        {
            // A tool without required arguments may be called with no body at all.
            ["required"] = input["required"] is JsonArray { Count: > 0 },
            ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = input } },
        };
        operation["responses"] = new JsonObject
        {
            ["200"] = new JsonObject
            {
                ["description"] = "The tool's result (isError: true when the tool itself reports an error).",
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = ResultSchema(tool.Item) } },
            },
            ["400"] = Ref("BadRequest"),
            ["401"] = Ref("Unauthorized"),
            ["404"] = Ref("NotFound"),
            ["429"] = Ref("TooManyRequests"),
            ["502"] = Ref("BadGateway"),
            ["504"] = Ref("GatewayTimeout"),
        };
        return operation;
    }

    private static JsonObject ResultSchema(Tool tool) =>
        tool.OutputSchema is { } output
            ? new JsonObject
            {
                ["allOf"] = new JsonArray(
                    new JsonObject { ["$ref"] = SchemaRef + "ToolResult" },
                    new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["structuredContent"] = JsonNode.Parse(output.GetRawText()) } }),
            }
            : new JsonObject { ["$ref"] = SchemaRef + "ToolResult" };

    private static JsonObject Ref(string response) => new() { ["$ref"] = ResponseRef + response };

    private static JsonObject Components() => new()
    {
        ["securitySchemes"] = new JsonObject
        {
            ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["description"] = "The gateway API key: Authorization: Bearer <key>." },
        },
        ["schemas"] = new JsonObject
        {
            ["ToolResult"] = Parse("""
                {"type":"object","required":["content"],"properties":{
                  "content":{"type":"array","items":{"$ref":"#/components/schemas/ContentBlock"}},
                  "structuredContent":{"type":"object"},
                  "isError":{"type":"boolean"}}}
                """),
            ["ContentBlock"] = Parse("""
                {"type":"object","required":["type"],"properties":{
                  "type":{"type":"string","description":"text, image, audio, resource_link or resource"},
                  "text":{"type":"string"},"data":{"type":"string"},"mimeType":{"type":"string"}}}
                """),
            ["Error"] = Parse("""
                {"type":"object","required":["error"],"properties":{"error":{"type":"object","required":["message","type","code"],"properties":{
                  "message":{"type":"string"},"type":{"type":"string"},"code":{"type":"string"}}}}}
                """),
        },
        ["responses"] = new JsonObject
        {
            ["BadRequest"] = ErrorResponse("The body is not JSON, or the arguments are not an object or not what the tool takes."),
            ["Unauthorized"] = ErrorResponse("No key, or one the gateway does not accept."),
            ["NotFound"] = ErrorResponse("No such tool for this key (unknown and hidden tools answer alike)."),
            ["TooManyRequests"] = ErrorResponse("A limit of the key: requests per minute or calls in flight (see Retry-After)."),
            ["BadGateway"] = ErrorResponse("The tool's server is unavailable or answered with an error."),
            ["GatewayTimeout"] = ErrorResponse("The tool's server did not answer in time."),
        },
    };

    private static JsonObject ErrorResponse(string description) => new()
    {
        ["description"] = description,
        ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = SchemaRef + "Error" } } },
    };

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
