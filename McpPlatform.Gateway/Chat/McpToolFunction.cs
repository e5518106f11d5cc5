using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.Gateway.Catalog;
using McpPlatform.Gateway.Mcp;
using Microsoft.Extensions.AI;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Chat;

/// <summary>
/// An MCP tool the gateway offers a model and runs itself when the model calls it (M.E.AI's function-invoking client
/// calls <see cref="InvokeCoreAsync"/>): through <see cref="ChatToolCall"/>, the MCP <c>tools/call</c> path. The model
/// gets the tool's text back; a refusal or an unavailable server is told to it as an error text, not thrown.
/// </summary>
internal sealed class McpToolFunction(IServiceProvider services, GatewaySession session, CatalogEntry<Tool> tool, string label) : AIFunction
{
    public override string Name => tool.ExposedName;

    public override string Description => tool.Item.Description ?? string.Empty;

    public override JsonElement JsonSchema => tool.Item.InputSchema;

    /// <summary>The <c>server_label</c> of the request's <c>mcp</c> entry that offered it (the Responses API's <c>mcp_call</c> items).</summary>
    public string Label => label;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var json = new JsonObject(arguments.Select(pair => KeyValuePair.Create(pair.Key, JsonSerializer.SerializeToNode(pair.Value, AIJsonUtilities.DefaultOptions))));
        try
        {
            return Text(await ChatToolCall.CallAsync(services, session, Name, json, cancellationToken));
        }
        catch (McpException ex)
        {
            // Refused (limits, a tool gone from the catalog) or failed upstream: the model may try something else.
            return "Error: " + ex.Message;
        }
    }

    /// <summary>A tool result as a model reads it: its text blocks, else its structured content; an error says so.</summary>
    internal static string Text(JsonObject result)
    {
        var text = new StringBuilder();
        foreach (var block in (result["content"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (ChatJson.String(block["type"]) == "text" && ChatJson.String(block["text"]) is { } part)
            {
                text.Append(text.Length > 0 ? "\n" : "").Append(part);
            }
        }

        if (text.Length == 0 && result["structuredContent"] is { } structured)
        {
            text.Append(structured.ToJsonString());
        }

        return result["isError"] is JsonValue isError && isError.TryGetValue<bool>(out var failed) && failed ? "Error: " + text : text.ToString();
    }
}
