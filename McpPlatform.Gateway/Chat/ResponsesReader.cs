using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace McpPlatform.Gateway.Chat;

/// <summary>
/// Reads a <c>POST /v1/responses</c> body (OpenAI's Responses API) into a <see cref="ChatRequest"/>: <c>input</c> as a
/// string or items (messages, <c>function_call</c>, <c>function_call_output</c>), <c>instructions</c> as a system
/// message. The gateway keeps no conversation: <c>previous_response_id</c> and <c>conversation</c> are refused (400).
/// </summary>
internal static class ResponsesReader
{
    public static ChatRequest Read(JsonObject body)
    {
        foreach (var stateful in new[] { "previous_response_id", "conversation" })
        {
            if (body[stateful] is not null)
            {
                throw ChatRequestException.Invalid($"'{stateful}' is not served: the gateway stores no responses; send the whole conversation in 'input'.", stateful);
            }
        }

        var messages = new List<ChatMessage>();
        if (ChatJson.String(body["instructions"]) is { Length: > 0 } instructions)
        {
            messages.Add(new ChatMessage(ChatRole.System, instructions));
        }

        switch (body["input"])
        {
            case JsonValue value when ChatJson.String(value) is { } text:
                messages.Add(new ChatMessage(ChatRole.User, text));
                break;
            case JsonArray { Count: > 0 } items:
                messages.AddRange(items.Select(Item));
                break;
            default:
                throw ChatRequestException.Invalid("'input' is required: a string or a non-empty array of input items.", "input");
        }

        var request = new ChatRequest
        {
            Model = ChatJson.RequiredString(body, "model"),
            Messages = messages,
            Stream = ChatJson.Bool(body, "stream"),
            Temperature = ChatJson.Number(body, "temperature"),
            TopP = ChatJson.Number(body, "top_p"),
            MaxOutputTokens = ChatJson.PositiveInt(body, "max_output_tokens"),
            ToolMode = ChatCompletionsReader.ToolMode(body["tool_choice"]),
            Mock = MockScript.Read(body),
        };
        request.ReadTools(body["tools"], tool => ChatRequest.Function(tool["name"], tool["description"], tool["parameters"]));
        return request;
    }

    private static ChatMessage Item(JsonNode? node)
    {
        if (node is not JsonObject item)
        {
            throw ChatRequestException.Invalid("Each input item must be an object.", "input");
        }

        switch (ChatJson.String(item["type"]) ?? "message")
        {
            case "message":
                var role = ChatJson.String(item["role"]) switch
                {
                    "user" => ChatRole.User,
                    "assistant" => ChatRole.Assistant,
                    "system" or "developer" => ChatRole.System,
                    var other => throw ChatRequestException.Invalid($"An input message's role must be user, assistant, system or developer, not '{other ?? "(none)"}'.", "input"),
                };
                return new ChatMessage(role, ChatCompletionsReader.Text(item["content"]));
            case "function_call":
                var callId = ChatJson.String(item["call_id"]);
                var name = ChatJson.String(item["name"]);
                return callId is null || name is null
                    ? throw ChatRequestException.Invalid("A 'function_call' item needs 'call_id' and 'name'.", "input")
                    : new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(callId, name, ChatJson.Arguments(item["arguments"], "input"))]);
            case "function_call_output":
                var outputId = ChatJson.String(item["call_id"]) ?? throw ChatRequestException.Invalid("A 'function_call_output' item needs its 'call_id'.", "input");
                var output = item["output"] is JsonValue value && ChatJson.String(value) is { } text ? text : item["output"]?.ToJsonString() ?? string.Empty;
                return new ChatMessage(ChatRole.Tool, [new FunctionResultContent(outputId, output)]);
            case var type:
                throw ChatRequestException.Invalid($"Input items of type '{type}' are not served: use messages, 'function_call' and 'function_call_output'.", "input");
        }
    }
}
