using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace McpPlatform.Gateway.Chat;

/// <summary>
/// Writes answers in the shapes of OpenAI's chat completions: a <c>chat.completion</c> object, or streamed
/// <c>chat.completion.chunk</c> events ending in <c>data: [DONE]</c>. The caller sees the model's text and its own
/// function calls (<c>tool_calls</c>); the MCP calls the gateway ran stay inside the loop.
/// </summary>
internal sealed class ChatCompletionsWriter(PreparedChat chat, TimeProvider time) : ChatResponseWriter
{
    private readonly string id = "chatcmpl-" + Guid.NewGuid().ToString("N");
    private readonly long created = time.GetUtcNow().ToUnixTimeSeconds();

    public override JsonObject Complete(ChatOutcome outcome)
    {
        var message = new JsonObject { ["role"] = "assistant", ["content"] = outcome.Text.Length > 0 || outcome.CallerCalls.Count == 0 ? outcome.Text : null };
        if (outcome.CallerCalls.Count > 0)
        {
            message["tool_calls"] = new JsonArray([.. outcome.CallerCalls.Select((call, index) => ToolCall(call, index: null))]);
        }

        var body = Envelope("chat.completion");
        body["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["logprobs"] = null, ["finish_reason"] = outcome.FinishReason });
        body["usage"] = Usage(outcome.Usage);
        return body;
    }

    public override async Task StreamAsync(ServerSentEvents events, IAsyncEnumerable<ChatResponseUpdate> updates, bool includeUsage, CancellationToken cancellationToken)
    {
        await events.StartAsync(cancellationToken);
        await events.WriteAsync(Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null), null, cancellationToken);
        var usage = new UsageDetails();
        var callerCalls = 0;
        ChatFinishReason? reason = null;
        try
        {
            await foreach (var update in updates.WithCancellation(cancellationToken))
            {
                reason = update.FinishReason ?? reason;
                foreach (var content in update.Contents)
                {
                    switch (content)
                    {
                        case TextContent { Text.Length: > 0 } text when update.Role != ChatRole.Tool:
                            await events.WriteAsync(Chunk(new JsonObject { ["content"] = text.Text }, null), null, cancellationToken);
                            break;
                        case FunctionCallContent call when chat.IsCallerCall(call):
                            var delta = new JsonObject { ["tool_calls"] = new JsonArray(ToolCall(call, callerCalls++)) };
                            await events.WriteAsync(Chunk(delta, null), null, cancellationToken);
                            break;
                        case UsageContent used:
                            usage.Add(used.Details);
                            break;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = ChatErrors.Describe(ex, chat.Model);
            await events.WriteAsync(new JsonObject { ["error"] = new JsonObject { ["message"] = error.Message, ["type"] = error.Type, ["code"] = error.Code } }, null, cancellationToken);
            await events.WriteRawAsync("[DONE]", null, cancellationToken);
            return;
        }

        var finish = callerCalls > 0 ? "tool_calls" : reason == ChatFinishReason.Length ? "length" : "stop";
        await events.WriteAsync(Chunk(new JsonObject(), finish), null, cancellationToken);
        if (includeUsage)
        {
            var last = Envelope("chat.completion.chunk");
            last["choices"] = new JsonArray();
            last["usage"] = Usage(usage);
            await events.WriteAsync(last, null, cancellationToken);
        }

        await events.WriteRawAsync("[DONE]", null, cancellationToken);
    }

    private JsonObject Chunk(JsonObject delta, string? finishReason)
    {
        var chunk = Envelope("chat.completion.chunk");
        chunk["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finishReason });
        return chunk;
    }

    private JsonObject Envelope(string kind) => new()
    {
        ["id"] = id,
        ["object"] = kind,
        ["created"] = created,
        ["model"] = chat.Model,
        ["system_fingerprint"] = null,
    };

    private static JsonObject ToolCall(FunctionCallContent call, int? index)
    {
        var json = new JsonObject
        {
            ["id"] = call.CallId,
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = Arguments(call) },
        };
        if (index is { } position)
        {
            json["index"] = position; // streamed deltas say which call they belong to
        }

        return json;
    }

    /// <summary>A call's arguments as OpenAI sends them: a string holding a JSON object.</summary>
    internal static string Arguments(FunctionCallContent call) =>
        JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions);

    internal static JsonObject Usage(UsageDetails? usage) => new()
    {
        ["prompt_tokens"] = usage?.InputTokenCount ?? 0,
        ["completion_tokens"] = usage?.OutputTokenCount ?? 0,
        ["total_tokens"] = usage?.TotalTokenCount ?? (usage?.InputTokenCount ?? 0) + (usage?.OutputTokenCount ?? 0),
    };
}
