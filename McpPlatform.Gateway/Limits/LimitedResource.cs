namespace McpPlatform.Gateway.Limits;

/// <summary>What <see cref="ResourceLimiter"/> counts, per key and in total.</summary>
public enum LimitedResource
{
    /// <summary>An open MCP session (streamable HTTP or legacy SSE).</summary>
    Session,

    /// <summary>An upstream client of a session's or stateless call's own: for a stdio server, a process.</summary>
    UpstreamClient,

    /// <summary>A tool call in flight, or a stateless call waiting for its client's input.</summary>
    PendingCall,
}
