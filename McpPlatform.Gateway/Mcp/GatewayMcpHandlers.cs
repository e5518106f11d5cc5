using McpPlatform.Gateway.Auth;
using McpPlatform.Gateway.Catalog;
using McpPlatform.Gateway.Upstreams;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Gateway.Mcp;

/// <summary>The gateway's MCP request handlers: the upstream tools a key may use, under namespaced names.</summary>
internal static class GatewayMcpHandlers
{
    public static async ValueTask<ListToolsResult> ListToolsAsync(RequestContext<ListToolsRequestParams> context, CancellationToken cancellationToken)
    {
        var (catalog, key) = Resolve(context);
        var tools = await catalog.ListAsync(key, cancellationToken);
        return new ListToolsResult { Tools = [.. tools.Select(Expose)] };
    }

    public static async ValueTask<CallToolResult> CallToolAsync(RequestContext<CallToolRequestParams> context, CancellationToken cancellationToken)
    {
        var (catalog, key) = Resolve(context);
        var name = context.Params?.Name ?? throw new McpException("The request names no tool.");
        // Unknown and forbidden tools get the same answer: a key learns nothing about tools it may not use.
        var tool = await catalog.FindAsync(key, name, cancellationToken)
            ?? throw new McpProtocolException($"Unknown tool: '{name}'.", McpErrorCode.InvalidParams);

        var upstream = context.Services!.GetRequiredService<UpstreamPool>().Get(tool.Server)!;
        try
        {
            return await upstream.CallToolAsync(tool.Tool.Name, context.Params.Arguments, cancellationToken);
        }
        catch (UpstreamUnavailableException ex)
        {
            return new CallToolResult
            {
                IsError = true,
                Content = [new TextContentBlock { Text = $"The server '{tool.Server}' is unavailable; try again later. ({ex.InnerException?.Message})" }],
            };
        }
    }

    private static Tool Expose(CatalogTool tool) => new()
    {
        Name = tool.ExposedName,
        Title = tool.Tool.Title,
        Description = tool.Tool.Description,
        InputSchema = tool.Tool.InputSchema,
        OutputSchema = tool.Tool.OutputSchema,
        Annotations = tool.Tool.Annotations,
        Icons = tool.Tool.Icons,
        Meta = tool.Tool.Meta,
    };

    private static (ToolCatalog Catalog, GatewayKey Key) Resolve<T>(RequestContext<T> context)
    {
        var services = context.Services ?? throw new InvalidOperationException("The MCP request has no service provider.");
        var key = context.User.RequireGatewayKey(services.GetRequiredService<ApiKeyStore>());
        return (services.GetRequiredService<ToolCatalog>(), key);
    }
}
