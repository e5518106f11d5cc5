using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace McpPlatform.Gateway.Chat;

/// <summary>A chat request as the gateway runs it, read from either endpoint's body (<see cref="ChatCompletionsReader"/>, <see cref="ResponsesReader"/>).</summary>
internal sealed class ChatRequest
{
    public required string Model { get; init; }

    public required List<ChatMessage> Messages { get; init; }

    public bool Stream { get; init; }

    /// <summary>Chat completions' <c>stream_options.include_usage</c>: a last chunk with the usage.</summary>
    public bool IncludeUsage { get; init; }

    /// <summary>The caller's own function tools: offered to the model, their calls returned to the caller.</summary>
    public List<AIFunctionDeclaration> FunctionTools { get; } = [];

    /// <summary>The request's <c>{"type":"mcp"}</c> tools: which MCP tools the gateway offers and runs itself.</summary>
    public List<McpToolsRequest> McpTools { get; } = [];

    public ChatToolMode? ToolMode { get; init; }

    public float? Temperature { get; init; }

    public float? TopP { get; init; }

    public int? MaxOutputTokens { get; init; }

    public MockScript? Mock { get; init; }

    /// <summary>Reads the tools array both endpoints share (each reader gives its own function-tool shape).</summary>
    public void ReadTools(JsonNode? tools, Func<JsonObject, AIFunctionDeclaration> readFunction)
    {
        if (tools is null)
        {
            return;
        }

        if (tools is not JsonArray array)
        {
            throw ChatRequestException.Invalid("'tools' must be an array.", "tools");
        }

        foreach (var tool in array)
        {
            var type = (tool as JsonObject)?["type"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            switch (type)
            {
                case "function":
                    FunctionTools.Add(readFunction((JsonObject)tool!));
                    break;
                case "mcp":
                    McpTools.Add(McpToolsRequest.Read((JsonObject)tool!));
                    break;
                default:
                    throw ChatRequestException.Invalid($"Tools of type '{type ?? "(none)"}' are not supported: use 'function' or 'mcp'.", "tools");
            }
        }
    }

    /// <summary>A function tool's declaration from its name, description and parameters schema.</summary>
    public static AIFunctionDeclaration Function(JsonNode? name, JsonNode? description, JsonNode? parameters)
    {
        if (name is not JsonValue nameValue || !nameValue.TryGetValue<string>(out var text) || text.Length is 0 or > 64)
        {
            throw ChatRequestException.Invalid("Each function tool needs a 'name' of 1-64 characters.", "tools");
        }

        if (parameters is not (null or JsonObject))
        {
            throw ChatRequestException.Invalid($"The parameters of function '{text}' must be a JSON schema object.", "tools");
        }

        var schema = System.Text.Json.JsonSerializer.SerializeToElement(parameters ?? new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() });
        return AIFunctionFactory.CreateDeclaration(text, ChatJson.String(description), schema);
    }
}
