using System.Text.Json;
using System.Text.Json.Nodes;
using McpPlatform.Gateway.Catalog;
using McpPlatform.Gateway.StatelessInput;
using McpPlatform.Gateway.Telemetry;
using McpPlatform.Gateway.Upstreams;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Gateway.Mcp;

/// <summary>
/// The way of a <c>tools/call</c> through the gateway, start to end. Every call enters <see cref="Filter"/> (an SDK
/// incoming message filter): its shape is checked, its session found, its tool looked up in the session's catalog
/// (unknown and forbidden answer alike), then <see cref="ForwardAsync"/> takes one of the key's calls in flight, picks
/// the upstream (the session's own, or the shared one), forwards progress under the caller's token and sends the
/// upstream's result JSON back as it came: no decoding and encoding it again. Only a stateless (2026-07-28) call whose
/// client could be asked something (sampling, elicitation, roots) goes on to the SDK's typed handler,
/// <see cref="CallWithClientInputAsync"/>: such a call may take several round trips (<see cref="PendingCalls"/>).
/// </summary>
internal static class ToolCalls
{
    public static McpMessageHandler Filter(McpMessageHandler next) => async (context, cancellationToken) =>
    {
        if (context.JsonRpcMessage is not JsonRpcRequest { Method: RequestMethods.ToolsCall } request)
        {
            await next(context, cancellationToken);
            return;
        }

        var parameters = CheckShape(request); // on every route and protocol: the SDK would answer a malformed call with "internal error"
        if (context.Server.SessionId is null && MayBeAsked(parameters))
        {
            await next(context, cancellationToken);
            return;
        }

        var services = context.Services ?? context.Server.Services!;
        var session = GatewaySession.Of(context.Server, services);
        var name = parameters["name"]!.GetValue<string>();
        var tool = await FindAsync(services, session, name, cancellationToken);
        var progressToken = parameters["_meta"] is JsonObject meta && meta["progressToken"] is { } token ? ReadProgressToken(token) : (ProgressToken?)null;
        var result = await ForwardAsync(session, tool, context.Server, parameters["arguments"], progressToken, cancellationToken);
        if (McpRequest.Current is { } record)
        {
            record.Result = result; // a reference: serialized only if the audit log stores payloads
        }

        // The request's server is bound to the HTTP request the call came on: the answer goes back on that stream.
        await context.Server.SendMessageAsync(new JsonRpcResponse { Id = request.Id, Result = result }, cancellationToken);
    };

    /// <summary>The SDK's typed tools/call handler: reached only by stateless calls whose client may be asked something.</summary>
    public static async ValueTask<CallToolResult> CallWithClientInputAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        var services = context.Services!;
        var session = GatewaySession.Of(context);
        var tool = await FindAsync(services, session, context.Params!.Name, cancellationToken);
        if (PendingCalls.Applies(context.Server))
        {
            try
            {
                return await services.GetRequiredService<PendingCalls>().CallAsync(context, session.Scope.Key.Name, tool, cancellationToken);
            }
            catch (UpstreamUnavailableException ex)
            {
                return UpstreamErrors.Unavailable(tool.Server, ex);
            }
        }

        // A client that cannot answer multi round-trip requests: one plain call.
        return Decode(await ForwardAsync(session, tool, context.Server, Encode(context.Params.Arguments), context.Params.ProgressToken, cancellationToken));
    }

    /// <summary>
    /// Sends the call to the tool's upstream and hands back its result JSON, or an "unavailable" tool error when the
    /// server is down. Holds one of the key's calls in flight while it runs (refused past the limit).
    /// </summary>
    public static async Task<JsonObject> ForwardAsync(
        GatewaySession session, CatalogEntry<Tool> tool, McpServer downstream, JsonNode? arguments, ProgressToken? progressToken, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(session, tool, downstream, arguments, progressToken, cancellationToken);
        }
        catch (UpstreamUnavailableException ex)
        {
            return (JsonObject)JsonSerializer.SerializeToNode(UpstreamErrors.Unavailable(tool.Server, ex), McpJsonUtilities.DefaultOptions)!;
        }
    }

    /// <summary>
    /// The call itself, shared by MCP and the REST surface (<c>Rest/RestToolCalls</c>, <paramref name="downstream"/> null):
    /// one of the key's calls in flight (<see cref="Limits.LimitExceededException"/> past the limit), the upstream the
    /// session uses for the server, progress under the caller's token. A server that is down throws
    /// <see cref="UpstreamUnavailableException"/>: each surface says so in its own way.
    /// </summary>
    internal static async Task<JsonObject> SendAsync(
        GatewaySession session, CatalogEntry<Tool> tool, McpServer? downstream, JsonNode? arguments, ProgressToken? progressToken, CancellationToken cancellationToken)
    {
        // The place the HTTP request took for this call at the door (KeyCallLimiter), else one taken now (legacy SSE, or
        // a request not seen there); a chat's tool loop takes none (the chat request holds one: CallsHeldByRequest).
        using var permit = McpRequest.Current?.CallPermit?.Take() ?? session.Upstreams.StartCall();
        var upstream = await session.Upstreams.ForAsync(tool.Server, downstream, cancellationToken);
        var progress = progressToken is { } token && downstream is not null ? new ProgressForwarder(downstream, token) : null;
        JsonObject result;
        using (ForwardedHeaders.Use(upstream.ForwardHeaders, McpRequest.Current?.ClientHeaders))
        {
            result = await upstream.CallToolAsync(tool.Item.Name, arguments, progress, cancellationToken);
        }

        if (progress is not null)
        {
            await progress.FlushAsync(); // the result must not overtake the progress that came before it
        }

        return result;
    }

    /// <summary>The tool a client named, if its session may use it; unknown and forbidden tools get the same answer.</summary>
    private static async Task<CatalogEntry<Tool>> FindAsync(IServiceProvider services, GatewaySession session, string name, CancellationToken cancellationToken) =>
        await TryFindAsync(services, session.Scope, name, cancellationToken)
        ?? throw new McpProtocolException($"Unknown tool: '{name}'.", McpErrorCode.InvalidParams);

    /// <summary>
    /// The tool a scope may use by the name its route exposes, or null for unknown and forbidden alike (the request's
    /// record says which tool it was routed to, or that it was refused). Every surface that calls a tool looks it up here.
    /// </summary>
    internal static async Task<CatalogEntry<Tool>?> TryFindAsync(IServiceProvider services, Routing.GatewayScope scope, string name, CancellationToken cancellationToken)
    {
        var tool = await services.GetRequiredService<ToolCatalog>().FindAsync(scope, name, cancellationToken);
        if (tool is null)
        {
            McpRequest.Current?.Refuse(RefusalReasons.UnknownTool, target: name);
            return null;
        }

        McpRequest.Current?.Route(tool.Server, tool.Item.Name);
        return tool;
    }

    /// <summary>A tool call must name its tool with a string and pass its arguments as an object (or none).</summary>
    private static JsonObject CheckShape(JsonRpcRequest request)
    {
        if (request.Params is not JsonObject parameters || parameters["name"] is not JsonValue name || !name.TryGetValue<string>(out _))
        {
            throw new McpProtocolException("The request names no tool: 'params.name' must be a string.", McpErrorCode.InvalidParams);
        }

        if (parameters["arguments"] is not (null or JsonObject))
        {
            throw new McpProtocolException("The tool's arguments must be a JSON object ('params.arguments').", McpErrorCode.InvalidParams);
        }

        return parameters;
    }

    /// <summary>A stateless request's client capabilities, from its own <c>_meta</c>: sampling, elicitation or roots (or not said).</summary>
    private static bool MayBeAsked(JsonObject parameters) =>
        parameters["_meta"] is not JsonObject meta
        || meta["io.modelcontextprotocol/clientCapabilities"] is not JsonObject capabilities
        || capabilities.ContainsKey("sampling") || capabilities.ContainsKey("elicitation") || capabilities.ContainsKey("roots");

    private static ProgressToken ReadProgressToken(JsonNode token)
    {
        try
        {
            return JsonSerializer.Deserialize<ProgressToken>(token, McpJsonUtilities.DefaultOptions);
        }
        catch (JsonException)
        {
            throw new McpProtocolException("A progress token must be a string or an integer ('params._meta.progressToken').", McpErrorCode.InvalidParams);
        }
    }

    /// <summary>The typed form of a result, for the SDK's typed handler.</summary>
    internal static CallToolResult Decode(JsonObject result) =>
        result.Deserialize<CallToolResult>(McpJsonUtilities.DefaultOptions)
        ?? throw new McpProtocolException("The upstream's tool result is empty.", McpErrorCode.InternalError);

    /// <summary>Typed arguments (as the SDK's handlers get them) as the JSON an upstream gets.</summary>
    internal static JsonObject? Encode(IDictionary<string, JsonElement>? arguments) =>
        arguments is null ? null : new JsonObject(arguments.Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)JsonSerializer.SerializeToNode(pair.Value, McpJsonUtilities.DefaultOptions))));
}
