using McpPlatform.Gateway.Catalog;
using McpPlatform.Gateway.Routing;
using McpPlatform.Gateway.StatelessInput;
using McpPlatform.Gateway.Upstreams;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Gateway.Mcp;

/// <summary>The gateway's MCP request handlers, for one scope: the upstream tools it may use.</summary>
internal static class GatewayMcpHandlers
{
    public static async ValueTask<ListToolsResult> ListToolsAsync(GatewayScope scope, RequestContext<ListToolsRequestParams> context, CancellationToken cancellationToken)
    {
        var catalog = context.Services!.GetRequiredService<ToolCatalog>();
        var tools = await catalog.ListAsync(scope, cancellationToken);
        return new ListToolsResult { Tools = [.. tools.Select(Expose)] };
    }

    public static async ValueTask<CallToolResult> CallToolAsync(GatewayScope scope, SessionUpstreams upstreams, RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        var services = context.Services!;
        var name = context.Params?.Name ?? throw new McpProtocolException("The request names no tool.", McpErrorCode.InvalidParams);
        // Unknown and forbidden tools get the same answer: a key learns nothing about tools it may not use.
        var tool = await services.GetRequiredService<ToolCatalog>().FindAsync(scope, name, cancellationToken)
            ?? throw new McpProtocolException($"Unknown tool: '{name}'.", McpErrorCode.InvalidParams);

        try
        {
            if (PendingCalls.Applies(context.Server))
            {
                // A stateless client that can answer questions: the call may take several round trips.
                return await services.GetRequiredService<PendingCalls>().CallAsync(context, scope.Key.Name, tool, cancellationToken);
            }

            var arguments = UpstreamToolCall.Encode(context.Params.Arguments);
            return UpstreamToolCall.Decode(await UpstreamToolCall.CallAsync(tool, upstreams, context.Server, arguments, context.Params.ProgressToken, cancellationToken));
        }
        catch (UpstreamUnavailableException ex)
        {
            return UpstreamErrors.Unavailable(tool.Server, ex);
        }
    }

    /// <summary>Without a scope (never expected): nothing is listed and nothing can be called.</summary>
    public static ValueTask<ListToolsResult> ListNothingAsync(RequestContext<ListToolsRequestParams> context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ListToolsResult { Tools = [] });

    /// <summary>Without a scope (never expected): fail closed.</summary>
    public static ValueTask<CallToolResult> CallNothingAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken) =>
        throw new McpProtocolException($"Unknown tool: '{context.Params?.Name}'.", McpErrorCode.InvalidParams);

    private static Tool Expose(CatalogEntry<Tool> tool) => new()
    {
        Name = tool.ExposedName,
        Title = tool.Item.Title,
        Description = tool.Item.Description,
        InputSchema = tool.Item.InputSchema,
        OutputSchema = tool.Item.OutputSchema,
        Annotations = tool.Item.Annotations,
        Icons = tool.Item.Icons,
        Meta = tool.Item.Meta,
    };
}
