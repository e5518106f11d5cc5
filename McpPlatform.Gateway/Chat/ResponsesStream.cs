using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace McpPlatform.Gateway.Chat;

/// <summary>
/// A streamed Responses API answer: <c>response.created</c>, <c>response.in_progress</c>, then for each output item
/// <c>response.output_item.added</c> … <c>response.output_item.done</c> (text as <c>response.output_text.delta</c>
/// events; an MCP call the gateway runs as <c>response.mcp_call.in_progress</c> then <c>.completed</c> with its output,
/// or <c>.failed</c> when the rounds ran out before it ran), and <c>response.completed</c> with the whole response.
/// A failure after the stream began ends it with <c>response.failed</c>.
/// </summary>
internal sealed class ResponsesStream(ResponsesWriter writer, ServerSentEvents events)
{
    private readonly List<JsonObject?> output = [];
    private readonly Dictionary<string, (int Index, FunctionCallContent Call, string Label)> running = new(StringComparer.Ordinal);
    private readonly UsageDetails usage = new();
    private int sequence;
    private (int Index, string Id, StringBuilder Text)? message;

    public async Task WriteAsync(IAsyncEnumerable<ChatResponseUpdate> updates, CancellationToken cancellationToken)
    {
        await events.StartAsync(cancellationToken);
        await EmitAsync("response.created", new JsonObject { ["response"] = writer.Envelope("in_progress", [], null) }, cancellationToken);
        await EmitAsync("response.in_progress", new JsonObject { ["response"] = writer.Envelope("in_progress", [], null) }, cancellationToken);
        try
        {
            await foreach (var update in updates.WithCancellation(cancellationToken))
            {
                foreach (var content in update.Contents)
                {
                    await OnAsync(content, update.Role, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var error = ChatErrors.Describe(ex, writer.Chat.Model);
            var failed = writer.Envelope("failed", Items(), usage, new JsonObject { ["code"] = error.Code, ["message"] = error.Message });
            await EmitAsync("response.failed", new JsonObject { ["response"] = failed }, cancellationToken);
            return;
        }

        await CloseMessageAsync(cancellationToken);
        foreach (var callId in running.Keys.ToList())
        {
            // Rounds ran out (Gateway:Chat:MaxToolRounds) before the gateway ran it.
            await FinishMcpCallAsync(callId, null, "Not run: the request reached its limit of tool rounds.", cancellationToken);
        }

        await EmitAsync("response.completed", new JsonObject { ["response"] = writer.Envelope("completed", Items(), usage) }, cancellationToken);
    }

    private async Task OnAsync(AIContent content, ChatRole? role, CancellationToken cancellationToken)
    {
        switch (content)
        {
            case TextContent { Text.Length: > 0 } text when role != ChatRole.Tool:
                var (index, id, builder) = message ?? await OpenMessageAsync(cancellationToken);
                builder.Append(text.Text);
                await EmitAsync("response.output_text.delta", new JsonObject { ["item_id"] = id, ["output_index"] = index, ["content_index"] = 0, ["delta"] = text.Text }, cancellationToken);
                break;
            case FunctionCallContent call when writer.Chat.McpTool(call.Name) is { } tool:
                await CloseMessageAsync(cancellationToken);
                var slot = Reserve();
                running[call.CallId] = (slot, call, tool.Label);
                var item = ResponsesWriter.McpCall(call, tool.Label, output: null, error: null);
                await EmitAsync("response.output_item.added", new JsonObject { ["output_index"] = slot, ["item"] = item }, cancellationToken);
                await EmitAsync("response.mcp_call.in_progress", new JsonObject { ["output_index"] = slot, ["item_id"] = item["id"]!.DeepClone() }, cancellationToken);
                break;
            case FunctionCallContent call when writer.Chat.IsCallerCall(call):
                await CloseMessageAsync(cancellationToken);
                var position = Reserve();
                var functionCall = ResponsesWriter.FunctionCall(call);
                await EmitAsync("response.output_item.added", new JsonObject { ["output_index"] = position, ["item"] = functionCall.DeepClone() }, cancellationToken);
                await EmitAsync("response.function_call_arguments.done", new JsonObject { ["output_index"] = position, ["item_id"] = functionCall["id"]!.DeepClone(), ["arguments"] = functionCall["arguments"]!.DeepClone() }, cancellationToken);
                await DoneAsync(position, functionCall, cancellationToken);
                break;
            case FunctionResultContent result when running.ContainsKey(result.CallId):
                await FinishMcpCallAsync(result.CallId, PreparedChat.ResultText(result.Result), null, cancellationToken);
                break;
            case UsageContent used:
                usage.Add(used.Details);
                break;
        }
    }

    private async Task FinishMcpCallAsync(string callId, string? result, string? error, CancellationToken cancellationToken)
    {
        var (index, call, label) = running[callId];
        running.Remove(callId);
        var item = ResponsesWriter.McpCall(call, label, result, error);
        await EmitAsync(error is null ? "response.mcp_call.completed" : "response.mcp_call.failed", new JsonObject { ["output_index"] = index, ["item_id"] = item["id"]!.DeepClone() }, cancellationToken);
        await DoneAsync(index, item, cancellationToken);
    }

    private async Task<(int, string, StringBuilder)> OpenMessageAsync(CancellationToken cancellationToken)
    {
        var opened = (Index: Reserve(), Id: "msg_" + Guid.NewGuid().ToString("N"), Text: new StringBuilder());
        message = opened;
        await EmitAsync("response.output_item.added", new JsonObject { ["output_index"] = opened.Index, ["item"] = ResponsesWriter.Message(opened.Id, "", "in_progress") }, cancellationToken);
        await EmitAsync("response.content_part.added", new JsonObject { ["item_id"] = opened.Id, ["output_index"] = opened.Index, ["content_index"] = 0, ["part"] = ResponsesWriter.TextPart("") }, cancellationToken);
        return opened;
    }

    private async Task CloseMessageAsync(CancellationToken cancellationToken)
    {
        if (message is not { } open)
        {
            return;
        }

        message = null;
        var text = open.Text.ToString();
        await EmitAsync("response.output_text.done", new JsonObject { ["item_id"] = open.Id, ["output_index"] = open.Index, ["content_index"] = 0, ["text"] = text }, cancellationToken);
        await EmitAsync("response.content_part.done", new JsonObject { ["item_id"] = open.Id, ["output_index"] = open.Index, ["content_index"] = 0, ["part"] = ResponsesWriter.TextPart(text) }, cancellationToken);
        await DoneAsync(open.Index, ResponsesWriter.Message(open.Id, text, "completed"), cancellationToken);
    }

    private async Task DoneAsync(int index, JsonObject item, CancellationToken cancellationToken)
    {
        output[index] = item;
        await EmitAsync("response.output_item.done", new JsonObject { ["output_index"] = index, ["item"] = item.DeepClone() }, cancellationToken);
    }

    private int Reserve()
    {
        output.Add(null);
        return output.Count - 1;
    }

    private JsonArray Items() => new([.. output.OfType<JsonObject>().Select(item => item.DeepClone())]);

    private Task EmitAsync(string type, JsonObject data, CancellationToken cancellationToken)
    {
        var ordered = new JsonObject { ["type"] = type, ["sequence_number"] = sequence++ };
        foreach (var (name, value) in data.ToList())
        {
            data.Remove(name);
            ordered[name] = value;
        }

        return events.WriteAsync(ordered, type, cancellationToken);
    }
}
