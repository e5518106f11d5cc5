using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.Gateway.Catalog;
using McpPlatform.Gateway.Upstreams;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Gateway.Mcp;

/// <summary>
/// One tool call of a downstream client, sent to the tool's upstream: on the client's own or the shared upstream
/// session, with the client's progress forwarded (and flushed before the result), the upstream's result JSON back as
/// it came, or an "unavailable" tool error when the server is down. Both tool-call paths use it: the forwarding
/// filter passes the JSON on, the typed handler decodes it. Each call holds one of its key's calls in flight while it runs.
/// </summary>
internal static class UpstreamToolCall
{
    public static async Task<JsonObject> CallAsync(
        CatalogEntry<Tool> tool, SessionUpstreams upstreams, McpServer downstream, JsonNode? arguments, ProgressToken? progressToken, CancellationToken cancellationToken)
    {
        // Refused past the key's (or the gateway's) limit of calls in flight: a JSON-RPC error naming the setting.
        using var permit = upstreams.StartCall();
        try
        {
            var upstream = await upstreams.ForAsync(tool.Server, downstream, cancellationToken);
            var progress = progressToken is { } token ? new ProgressForwarder(downstream, token) : null;
            var result = await upstream.CallToolAsync(tool.Item.Name, arguments, progress, cancellationToken);
            if (progress is not null)
            {
                await progress.FlushAsync(); // the result must not overtake the progress that came before it
            }

            return result;
        }
        catch (UpstreamUnavailableException ex)
        {
            return (JsonObject)JsonSerializer.SerializeToNode(UpstreamErrors.Unavailable(tool.Server, ex), McpJsonUtilities.DefaultOptions)!;
        }
    }

    /// <summary>The typed form of a result, for the SDK's typed handlers.</summary>
    public static CallToolResult Decode(JsonObject result) =>
        result.Deserialize<CallToolResult>(McpJsonUtilities.DefaultOptions)
        ?? throw new McpProtocolException("The upstream's tool result is empty.", McpErrorCode.InternalError);

    /// <summary>Typed arguments (as the SDK's handlers get them) as the JSON an upstream gets.</summary>
    public static JsonObject? Encode(IDictionary<string, JsonElement>? arguments) =>
        arguments is null ? null : new JsonObject(arguments.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)JsonSerializer.SerializeToNode(pair.Value, McpJsonUtilities.DefaultOptions))));
}
