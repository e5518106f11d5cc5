namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The gateway's MCP handlers, registered once: each finds the request's <see cref="McpPlatform.Gateway.Mcp.GatewaySession"/>
/// and answers for its scope. <c>tools/call</c> is taken by <see cref="McpPlatform.Gateway.Mcp.ToolCalls.Filter"/> first.
/// </summary>
internal static class GatewayHandlers
{
    public static IMcpServerBuilder WithGatewayHandlers(this IMcpServerBuilder builder) => builder
        .WithListToolsHandler(McpPlatform.Gateway.Mcp.ToolHandlers.ListAsync)
        .WithCallToolHandler(McpPlatform.Gateway.Mcp.ToolCalls.CallWithClientInputAsync)
        .WithSetLoggingLevelHandler(McpPlatform.Gateway.Mcp.ToolHandlers.SetLoggingLevelAsync)
        .WithListPromptsHandler(McpPlatform.Gateway.Mcp.PromptHandlers.ListAsync)
        .WithGetPromptHandler(McpPlatform.Gateway.Mcp.PromptHandlers.GetAsync)
        .WithListResourcesHandler(McpPlatform.Gateway.Mcp.ResourceHandlers.ListAsync)
        .WithListResourceTemplatesHandler(McpPlatform.Gateway.Mcp.ResourceHandlers.ListTemplatesAsync)
        .WithReadResourceHandler(McpPlatform.Gateway.Mcp.ResourceHandlers.ReadAsync)
        .WithSubscribeToResourcesHandler(McpPlatform.Gateway.Mcp.ResourceHandlers.SubscribeAsync)
        .WithUnsubscribeFromResourcesHandler(McpPlatform.Gateway.Mcp.ResourceHandlers.UnsubscribeAsync)
        .WithCompleteHandler(McpPlatform.Gateway.Mcp.CompletionHandler.CompleteAsync)
        .WithMessageFilters(filters => filters
            .AddIncomingFilter(McpPlatform.Gateway.Telemetry.McpRequestFilter.Filter) // first: it sees how every request ends
            .AddIncomingFilter(McpPlatform.Gateway.Mcp.GatewaySessions.TrackActivity)
            .AddIncomingFilter(McpPlatform.Gateway.Mcp.ToolCalls.Filter));
}
