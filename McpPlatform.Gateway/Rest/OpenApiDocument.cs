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
        var components = Components();
        var schemas = components["schemas"]!.AsObject();
        foreach (var tool in tools)
        {
            paths["/tools/" + Uri.EscapeDataString(tool.ExposedName)] = new JsonObject { ["post"] = Operation(tool, schemas) };
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject { ["title"] = title, ["version"] = "1.0.0", ["description"] = description },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = baseUrl }),
            ["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }),
            ["paths"] = paths,
            ["components"] = components,
        };
    }

    private static JsonObject Operation(CatalogEntry<Tool> tool, JsonObject schemas)
    {
        var input = JsonNode.Parse(tool.Item.InputSchema.GetRawText()) as JsonObject ?? new JsonObject { ["type"] = "object" };
        var required = input["required"] is JsonArray { Count: > 0 };
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
            ["required"] = required,
            ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Embed(input, tool.ExposedName + ".input", schemas) } },
        };
        operation["responses"] = new JsonObject
        {
            ["200"] = new JsonObject
            {
                ["description"] = "The tool's result (isError: true when the tool itself reports an error).",
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = ResultSchema(tool, schemas) } },
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

    private static JsonObject ResultSchema(CatalogEntry<Tool> tool, JsonObject schemas) =>
        tool.Item.OutputSchema is { } output && JsonNode.Parse(output.GetRawText()) is JsonObject structured
            ? new JsonObject
            {
                ["allOf"] = new JsonArray(
                    new JsonObject { ["$ref"] = SchemaRef + "ToolResult" },
                    new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["structuredContent"] = Embed(structured, tool.ExposedName + ".output", schemas) } }),
            }
            : new JsonObject { ["$ref"] = SchemaRef + "ToolResult" };

    /// <summary>
    /// A tool's schema as it goes into the document. One with local references (<c>"$ref": "#/$defs/address"</c>, which
    /// mean the tool's schema, not the document) becomes a component of its own with those references pointing into it
    /// (<c>#/components/schemas/{tool}.input/$defs/address</c>), so every resolver finds them; others stay inline.
    /// </summary>
    private static JsonNode Embed(JsonObject schema, string name, JsonObject schemas)
    {
        if (!HasLocalReference(schema))
        {
            return schema;
        }

        var key = ComponentKey(name, schemas);
        Rebase(schema, SchemaRef + key);
        schemas[key] = schema;
        return new JsonObject { ["$ref"] = SchemaRef + key };
    }

    private static bool HasLocalReference(JsonNode? node) => node switch
    {
        JsonObject json => json.Any(member => (member.Key == "$ref" && IsLocal(member.Value)) || HasLocalReference(member.Value)),
        JsonArray array => array.Any(HasLocalReference),
        _ => false,
    };

    private static void Rebase(JsonNode? node, string target)
    {
        switch (node)
        {
            case JsonObject json:
                foreach (var (name, value) in json.ToList())
                {
                    if (name == "$ref" && IsLocal(value))
                    {
                        json["$ref"] = target + value!.GetValue<string>()[1..];
                    }
                    else
                    {
                        Rebase(value, target);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Rebase(item, target);
                }

                break;
        }
    }

    private static bool IsLocal(JsonNode? reference) =>
        reference is JsonValue value && value.TryGetValue<string>(out var text) && text.StartsWith('#');

    /// <summary>A component name OpenAPI allows (<c>A-Z a-z 0-9 . _ -</c>), unique in the document.</summary>
    private static string ComponentKey(string name, JsonObject schemas)
    {
        var key = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_')]);
        var unique = key;
        for (var n = 2; schemas.ContainsKey(unique); n++)
        {
            unique = key + "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return unique;
    }

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
