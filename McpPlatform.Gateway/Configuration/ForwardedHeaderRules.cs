namespace McpPlatform.Gateway.Configuration;

/// <summary>
/// Which client headers a server may have passed on (<see cref="UpstreamServerOptions.ForwardHeaders"/>): an HTTP
/// token, and none that carries the gateway's credentials or the transport's own state.
/// </summary>
public static class ForwardedHeaderRules
{
    private static readonly HashSet<string> Never = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "x-litellm-api-key", // the gateway's key and sessions
        "Host", "Connection", "Content-Length", "Content-Type", "Transfer-Encoding", "Upgrade", "Accept",
        "Mcp-Session-Id", "MCP-Protocol-Version", "Last-Event-ID", "traceparent", "tracestate",
    };

    /// <summary>Why a header name may not be passed on, or null when it may.</summary>
    public static string? Refusal(string name) =>
        string.IsNullOrEmpty(name) || name.Any(c => c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".Contains(c))
            ? "is not an HTTP header name"
            : Never.Contains(name) ? "carries the gateway's credentials or the transport's own state and is never passed on" : null;
}
