using McpPlatform.Gateway.Upstreams;
using ModelContextProtocol;

namespace McpPlatform.Gateway.Mcp;

/// <summary>An upstream that is down becomes a clear MCP error naming it; its own errors pass through.</summary>
internal static class UpstreamErrors
{
    public static async Task<T> TranslateAsync<T>(string server, Func<Task<T>> request)
    {
        try
        {
            return await request();
        }
        catch (UpstreamUnavailableException ex)
        {
            throw new McpException($"The server '{server}' is unavailable; try again later. ({ex.InnerException?.Message})");
        }
    }
}
