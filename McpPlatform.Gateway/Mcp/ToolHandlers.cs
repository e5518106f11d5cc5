using McpPlatform.Gateway.Catalog;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpPlatform.Gateway.Mcp;

/// <summary><c>tools/list</c>: the session's tools, named for its route (calls: <see cref="ToolCalls"/>).</summary>
internal static class ToolHandlers
{
    public static async ValueTask<ListToolsResult> ListAsync(RequestContext<ListToolsRequestParams> context, CancellationToken cancellationToken)
    {
        var tools = await context.Services!.GetRequiredService<ToolCatalog>().ListAsync(GatewaySession.Of(context).Scope, cancellationToken);
        return new ListToolsResult { Tools = [.. tools.Select(Expose)] };
    }

    /// <summary><c>logging/setLevel</c>: every upstream the session uses is asked for log messages from this level.</summary>
    public static async ValueTask<EmptyResult> SetLoggingLevelAsync(RequestContext<SetLevelRequestParams> context, CancellationToken cancellationToken)
    {
        if (context.Params?.Level is { } level)
        {
            await GatewaySession.Of(context).Upstreams.SetLoggingLevelAsync(level, cancellationToken);
        }

        return new EmptyResult();
    }

    /// <summary>A tool as a client of this route sees it: under the name the route exposes.</summary>
    internal static Tool Expose(CatalogEntry<Tool> tool) => new()
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
