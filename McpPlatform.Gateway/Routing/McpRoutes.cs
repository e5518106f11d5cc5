namespace McpPlatform.Gateway.Routing;

/// <summary>
/// The gateway's MCP routes: the aggregate <c>/mcp</c>, one server at <c>/mcp/{server}</c>, and LiteLLM's spelling of
/// the latter, <c>/{server}/mcp</c> (a name or an alias either way; each with the SDK's legacy <c>/sse</c> and
/// <c>/message</c> below it).
/// </summary>
internal static class McpRoutes
{
    public const string Aggregate = "/mcp";
    public const string PerServer = $"/mcp/{{{GatewayScopeResolver.ServerRouteValue}}}";
    public const string PerServerLiteLlm = $"/{{{GatewayScopeResolver.ServerRouteValue}}}/mcp";

    private const string McpSegment = "mcp";
    private const string RestPrefix = "v1";

    /// <summary>Whether a request path is on one of the MCP routes (checked before routing has matched it).</summary>
    public static bool IsMcpPath(PathString path)
    {
        if (path.StartsWithSegments(Aggregate))
        {
            return true;
        }

        // /{server}/mcp[/...]: the second segment is "mcp".
        var value = path.Value.AsSpan();
        if (value.Length < 2 || value[0] != '/')
        {
            return false;
        }

        var rest = value[1..];
        var slash = rest.IndexOf('/');
        if (slash <= 0 || rest[..slash].Equals(RestPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false; // /v1/mcp/… is the REST API (v1 is a reserved server name)
        }

        var second = rest[(slash + 1)..];
        var end = second.IndexOf('/');
        return (end < 0 ? second : second[..end]).Equals(McpSegment, StringComparison.Ordinal);
    }
}
