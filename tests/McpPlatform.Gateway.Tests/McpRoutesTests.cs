using McpPlatform.Gateway.Routing;
using Microsoft.AspNetCore.Http;

namespace McpPlatform.Gateway.Tests;

/// <summary>Which paths are MCP routes for the request recording (audit, metrics) that runs before routing.</summary>
public sealed class McpRoutesTests
{
    [Theory]
    [InlineData("/mcp", true)]
    [InlineData("/mcp/db", true)]
    [InlineData("/mcp/sse", true)]
    [InlineData("/db/mcp", true)] // LiteLLM's spelling: refusals there are recorded too
    [InlineData("/db/mcp/message", true)]
    [InlineData("/v1/models", false)]
    [InlineData("/v1/mcp/tools/call", false)] // the REST API, not /{server}/mcp (v1 is a reserved server name)
    [InlineData("/V1/mcp/openapi.json", false)]
    [InlineData("/db/mcpx", false)]
    [InlineData("/mcpx", false)]
    [InlineData("/health", false)]
    [InlineData("/", false)]
    [InlineData("//mcp", false)]
    public void IsMcpPath_RecognizesEveryMcpRouteAndNothingElse(string path, bool expected) =>
        Assert.Equal(expected, McpRoutes.IsMcpPath(new PathString(path)));
}
