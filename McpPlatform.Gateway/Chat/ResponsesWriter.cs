using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace McpPlatform.Gateway.Chat;

/// <summary>
/// Writes answers in the shapes of OpenAI's Responses API: a <c>response</c> object whose <c>output</c> holds an
/// <c>mcp_call</c> item for each MCP tool the gateway ran (arguments and output), a <c>function_call</c> item for each
/// call of the caller's own functions, and the <c>message</c>; streamed, the same as <c>response.*</c> events
/// (<see cref="ResponsesStream"/>).
/// </summary>
internal sealed class ResponsesWriter(PreparedChat chat, TimeProvider time) : ChatResponseWriter
{
    public string Id { get; } = "resp_" + Guid.NewGuid().ToString("N");

    public long CreatedAt { get; } = time.GetUtcNow().ToUnixTimeSeconds();

    public PreparedChat Chat => chat;

    /// <summary>Usage is not streamed as its own event: <c>response.completed</c> carries it (<paramref name="includeUsage"/> is chat completions').</summary>
    public override Task StreamAsync(ServerSentEvents events, IAsyncEnumerable<ChatResponseUpdate> updates, bool includeUsage, CancellationToken cancellationToken) =>
        new ResponsesStream(this, events).WriteAsync(updates, cancellationToken);

    public override JsonObject Complete(ChatOutcome outcome)
    {
        var output = new JsonArray();
        foreach (var call in outcome.McpCalls)
        {
            output.Add(McpCall(call.Call, call.Label, call.Output, error: null));
        }

        foreach (var call in outcome.CallerCalls)
        {
            output.Add(FunctionCall(call));
        }

        if (outcome.Text.Length > 0 || output.Count == 0)
        {
            output.Add(Message("msg_" + Guid.NewGuid().ToString("N"), outcome.Text, "completed"));
        }

        return Envelope("completed", output, outcome.Usage);
    }

    public JsonObject Envelope(string status, JsonArray output, UsageDetails? usage, JsonObject? error = null) => new()
    {
        ["id"] = Id,
        ["object"] = "response",
        ["created_at"] = CreatedAt,
        ["status"] = status,
        ["error"] = error,
        ["incomplete_details"] = null,
        ["model"] = chat.Model,
        ["output"] = output,
        ["parallel_tool_calls"] = true,
        ["store"] = false,
        ["usage"] = usage is null ? null : new JsonObject
        {
            ["input_tokens"] = usage.InputTokenCount ?? 0,
            ["output_tokens"] = usage.OutputTokenCount ?? 0,
            ["total_tokens"] = usage.TotalTokenCount ?? (usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0),
        },
    };

    public static JsonObject Message(string id, string text, string status) => new()
    {
        ["type"] = "message",
        ["id"] = id,
        ["status"] = status,
        ["role"] = "assistant",
        ["content"] = status == "in_progress" && text.Length == 0 ? new JsonArray() : new JsonArray(TextPart(text)),
    };

    public static JsonObject TextPart(string text) => new() { ["type"] = "output_text", ["text"] = text, ["annotations"] = new JsonArray() };

    public static JsonObject McpCall(FunctionCallContent call, string label, string? output, string? error) => new()
    {
        ["type"] = "mcp_call",
        ["id"] = "mcp_" + call.CallId,
        ["server_label"] = label,
        ["name"] = call.Name,
        ["arguments"] = ChatCompletionsWriter.Arguments(call),
        ["output"] = output,
        ["error"] = error,
        ["status"] = error is not null ? "failed" : output is null ? "in_progress" : "completed",
    };

    public static JsonObject FunctionCall(FunctionCallContent call) => new()
    {
        ["type"] = "function_call",
        ["id"] = "fc_" + call.CallId,
        ["call_id"] = call.CallId,
        ["name"] = call.Name,
        ["arguments"] = ChatCompletionsWriter.Arguments(call),
        ["status"] = "completed",
    };
}
