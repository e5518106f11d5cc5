namespace McpPlatform.Gateway.Limits;

/// <summary>
/// What one key, and the gateway as a whole, may hold at once (<c>Gateway:Limits</c>): MCP sessions, upstream clients
/// of their own (for a stdio server, a process each) and tool calls in flight. Past a limit the gateway refuses the
/// new session (429) or call (a JSON-RPC error naming the setting) instead of starting it. The defaults leave room for
/// a few people with several agents each and keep one runaway key from taking the machine: see docs/configuration.md.
/// A key's own <see cref="KeyLimitOptions"/> overrides the per-key defaults.
/// </summary>
public sealed class LimitOptions
{
    /// <summary>Open MCP sessions (streamable HTTP and legacy SSE) per key. Default 256: a session without upstream clients of its own costs about 8 KB.</summary>
    public int MaxSessionsPerKey { get; set; } = 256;

    /// <summary>Open MCP sessions of all keys together. Default 4096.</summary>
    public int MaxSessions { get; set; } = 4096;

    /// <summary>
    /// Upstream clients a key's sessions and stateless calls hold of their own (one per session and server when the client
    /// offers sampling, elicitation or roots, asks for log messages or subscribes; one per stateless call that may ask its
    /// client). For a stdio server each is a process. Default 16.
    /// </summary>
    public int MaxUpstreamClientsPerKey { get; set; } = 16;

    /// <summary>Upstream clients of their own of all keys together (the shared clients, one per server, are not counted). Default 64.</summary>
    public int MaxUpstreamClients { get; set; } = 64;

    /// <summary>Tool calls in flight per key, a stateless call waiting for its client's answer included. Default 64.</summary>
    public int MaxPendingCallsPerKey { get; set; } = 64;

    /// <summary>Tool calls in flight of all keys together. Default 512.</summary>
    public int MaxPendingCalls { get; set; } = 512;

    /// <summary>
    /// How long a session may go without a request before the gateway ends it, for streamable HTTP (a client keeps its
    /// session by keeping its GET stream open) and legacy SSE (a message ends the idle time) alike. Default 30 minutes:
    /// a client that went away without closing its session holds its key's slots (and processes) at most that long.
    /// </summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
}
