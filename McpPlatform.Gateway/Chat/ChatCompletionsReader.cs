using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace McpPlatform.Gateway.Chat;

/// <summary>Reads a <c>POST /v1/chat/completions</c> body (OpenAI's shape) into a <see cref="ChatRequest"/>; a malformed one is a 400 naming the field.</summary>
internal static class ChatCompletionsReader
{
    public static ChatRequest Read(JsonObject body)
    {
        if (body["messages"] is not JsonArray { Count: > 0 } messages)
        {
            throw ChatRequestException.Invalid("'messages' is required and must be a non-empty array.", "messages");
        }

        if (body["n"] is JsonValue n && (!n.TryGetValue<int>(out var count) || count != 1))
        {
            throw ChatRequestException.Invalid("Only one choice is served: 'n' must be 1.", "n");
        }

        var request = new ChatRequest
        {
            Model = ChatJson.RequiredString(body, "model"),
            Messages = [.. messages.Select(Message)],
            Stream = ChatJson.Bool(body, "stream"),
            IncludeUsage = body["stream_options"] is JsonObject streamOptions && ChatJson.Bool(streamOptions, "include_usage"),
            Temperature = ChatJson.Number(body, "temperature"),
            TopP = ChatJson.Number(body, "top_p"),
            MaxOutputTokens = ChatJson.PositiveInt(body, "max_completion_tokens") ?? ChatJson.PositiveInt(body, "max_tokens"),
            ToolMode = ToolMode(body["tool_choice"]),
            Mock = MockScript.Read(body),
        };
        request.ReadTools(body["tools"], tool => tool["function"] is JsonObject function
            ? ChatRequest.Function(function["name"], function["description"], function["parameters"])
            : throw ChatRequestException.Invalid("A function tool needs a 'function' object.", "tools"));
        return request;
    }

    private static ChatMessage Message(JsonNode? node)
    {
        if (node is not JsonObject message)
        {
            throw ChatRequestException.Invalid("Each message must be an object.", "messages");
        }

        var role = ChatJson.String(message["role"]);
        switch (role)
        {
            case "system" or "developer":
                return new ChatMessage(ChatRole.System, Text(message["content"]));
            case "user":
                return new ChatMessage(ChatRole.User, Text(message["content"]));
            case "assistant":
                var contents = new List<AIContent>();
                if (message["content"] is not null && Text(message["content"]) is { Length: > 0 } text)
                {
                    contents.Add(new TextContent(text));
                }

                foreach (var call in message["tool_calls"] as JsonArray ?? [])
                {
                    var function = (call as JsonObject)?["function"] as JsonObject;
                    var id = ChatJson.String((call as JsonObject)?["id"]);
                    var name = ChatJson.String(function?["name"]);
                    if (id is null || name is null)
                    {
                        throw ChatRequestException.Invalid("Each of an assistant message's 'tool_calls' needs an 'id' and a 'function.name'.", "messages");
                    }

                    contents.Add(new FunctionCallContent(id, name, ChatJson.Arguments(function!["arguments"], "messages")));
                }

                return new ChatMessage(ChatRole.Assistant, contents);
            case "tool":
                var callId = ChatJson.String(message["tool_call_id"]) ?? throw ChatRequestException.Invalid("A tool message needs its 'tool_call_id'.", "messages");
                return new ChatMessage(ChatRole.Tool, [new FunctionResultContent(callId, Text(message["content"]))]);
            default:
                throw ChatRequestException.Invalid($"A message's role must be system, developer, user, assistant or tool, not '{role ?? "(none)"}'.", "messages");
        }
    }

    /// <summary>A message's content: a string, or text parts (<c>{"type":"text","text"}</c>); other parts are not served.</summary>
    internal static string Text(JsonNode? content) => content switch
    {
        null => string.Empty,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonArray parts => string.Concat(parts.Select(part => part is JsonObject { } obj && ChatJson.String(obj["type"]) is "text" or "input_text" or "output_text"
            ? ChatJson.String(obj["text"]) ?? throw ChatRequestException.Invalid("A text part needs its 'text'.", "messages")
            : throw ChatRequestException.Invalid("Only text content parts are served.", "messages"))),
        _ => throw ChatRequestException.Invalid("A message's content must be a string or an array of text parts.", "messages"),
    };

    /// <summary><c>tool_choice</c>: <c>auto</c>, <c>none</c>, <c>required</c>, or one function by name (both endpoints' shapes).</summary>
    internal static ChatToolMode? ToolMode(JsonNode? choice) => choice switch
    {
        null => null,
        JsonValue value when ChatJson.String(value) is { } mode => mode switch
        {
            "auto" => ChatToolMode.Auto,
            "none" => ChatToolMode.None,
            "required" => ChatToolMode.RequireAny,
            _ => throw ChatRequestException.Invalid("'tool_choice' must be 'auto', 'none', 'required' or a function.", "tool_choice"),
        },
        JsonObject obj when (ChatJson.String((obj["function"] as JsonObject)?["name"]) ?? ChatJson.String(obj["name"])) is { } name => ChatToolMode.RequireSpecific(name),
        _ => throw ChatRequestException.Invalid("'tool_choice' must be 'auto', 'none', 'required' or a function.", "tool_choice"),
    };
}
