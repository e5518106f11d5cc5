using McpPlatform.Gateway.Upstreams;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

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
            Telemetry.McpRequest.Current?.Fail("unavailable", UpstreamErrorText.Summarize(ex.InnerException?.Message ?? string.Empty));
            throw new McpException(UnavailableMessage(server, ex));
        }
    }

    /// <summary>A tool call to a server that is down: a tool error the model can read, not a protocol error.</summary>
    public static CallToolResult Unavailable(string server, UpstreamUnavailableException ex)
    {
        Telemetry.McpRequest.Current?.Fail("unavailable", UpstreamErrorText.Summarize(ex.InnerException?.Message ?? string.Empty));
        return new CallToolResult
        {
            IsError = true,
            Content = [new TextContentBlock { Text = UnavailableMessage(server, ex) }],
        };
    }

    private static string UnavailableMessage(string server, UpstreamUnavailableException ex) =>
        $"The server '{server}' is unavailable; try again later. ({UpstreamErrorText.Summarize(ex.InnerException?.Message ?? string.Empty)})";
}
