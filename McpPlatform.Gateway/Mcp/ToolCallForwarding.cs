using System.Text.Json.Nodes;
using McpPlatform.Gateway.Catalog;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Gateway.Mcp;

/// <summary>
/// The fast path of <c>tools/call</c> (sessions and most stateless calls): the same checks as <see cref="GatewayMcpHandlers.CallToolAsync"/>
/// (the tool must be in the scope's catalog), then the upstream's result is passed on as the JSON it came as. Going
/// through the SDK's typed handler decodes the result into a <c>CallToolResult</c> and encodes it again, which cost the
/// gateway as much CPU as a whole call costs the connector. Progress is forwarded as on the typed path; on 2026-07-28
/// the SDK's outgoing pipeline still adds <c>resultType</c> and the gateway's server info. Stateless calls whose client
/// could be asked something (or says nothing of its capabilities) and unknown tools go on to the typed handler.
/// </summary>
internal static class ToolCallForwarding
{
    public static McpMessageHandler Filter(McpMessageHandler next) => async (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is not JsonRpcRequest { Method: RequestMethods.ToolsCall } request)
        {
            await next(context, cancellationToken);
            return;
        }

        CheckShape(request); // on every route and protocol: the SDK would answer a malformed call with "internal error"
        if (Forwardable(context.Server, request) is not { } call)
        {
            await next(context, cancellationToken);
            return;
        }

        var tool = await (context.Services ?? context.Server.Services)!.GetRequiredService<ToolCatalog>().FindAsync(call.State.Scope, call.Name, cancellationToken);
        if (tool is null)
        {
            await next(context, cancellationToken); // the typed handler answers "Unknown tool"
            return;
        }

        var result = await UpstreamToolCall.CallAsync(tool, call.State.Upstreams, context.Server, call.Arguments, call.ProgressToken, cancellationToken);

        // The request's server is bound to the HTTP request the call came on: the answer goes back on that stream.
        await context.Server.SendMessageAsync(new JsonRpcResponse { Id = request.Id, Result = result }, cancellationToken);
    };

    /// <summary>A tool call must name its tool with a string and pass its arguments as an object (or none).</summary>
    private static void CheckShape(JsonRpcRequest request)
    {
        if (request.Params is not JsonObject parameters || parameters["name"] is not JsonValue name || !name.TryGetValue<string>(out _))
        {
            throw new McpProtocolException("The request names no tool: 'params.name' must be a string.", McpErrorCode.InvalidParams);
        }

        if (parameters["arguments"] is not (null or JsonObject))
        {
            throw new McpProtocolException("The tool's arguments must be a JSON object ('params.arguments').", McpErrorCode.InvalidParams);
        }
    }

    /// <summary>
    /// The call's parts when this path covers it: a call in a session, or a stateless call whose client offers nothing
    /// an upstream could ask it (those may need multi round-trip requests: the typed handler's <see cref="StatelessInput.PendingCalls"/>).
    /// </summary>
    private static Call? Forwardable(McpServer server, JsonRpcRequest request)
    {
        var parameters = (JsonObject)request.Params!;
        if ((server.SessionId is null && MayBeAsked(parameters)) || GatewaySessions.StateOf(server) is not { } state)
        {
            return null;
        }

        var progressToken = parameters["_meta"] is JsonObject meta && meta["progressToken"] is { } token ? ReadProgressToken(token) : (ProgressToken?)null;
        return new Call(state, parameters["name"]!.GetValue<string>(), parameters["arguments"], progressToken);
    }

    /// <summary>A stateless request's client capabilities, from its own <c>_meta</c>: sampling, elicitation or roots.</summary>
    private static bool MayBeAsked(JsonObject parameters) =>
        parameters["_meta"] is not JsonObject meta
        || meta["io.modelcontextprotocol/clientCapabilities"] is not JsonObject capabilities
        || capabilities.ContainsKey("sampling") || capabilities.ContainsKey("elicitation") || capabilities.ContainsKey("roots");

    private static ProgressToken ReadProgressToken(JsonNode token)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<ProgressToken>(token, McpJsonUtilities.DefaultOptions);
        }
        catch (System.Text.Json.JsonException)
        {
            throw new McpProtocolException("A progress token must be a string or an integer ('params._meta.progressToken').", McpErrorCode.InvalidParams);
        }
    }

    private sealed record Call(GatewaySessions.SessionState State, string Name, JsonNode? Arguments, ProgressToken? ProgressToken);
}
