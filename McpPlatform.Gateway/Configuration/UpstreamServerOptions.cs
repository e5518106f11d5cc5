namespace McpPlatform.Gateway.Configuration;

/// <summary>One upstream MCP server.</summary>
public sealed class UpstreamServerOptions
{
    /// <summary><c>http</c> (streamable HTTP, default), <c>sse</c> (legacy HTTP+SSE) or <c>stdio</c> (a process the gateway starts).</summary>
    public string Transport { get; set; } = "http";

    /// <summary>The MCP endpoint of an http or sse server. Service-discovery names work: <c>http://mcp-postgres/mcp</c>.</summary>
    public Uri? Url { get; set; }

    /// <summary>Headers sent upstream with every request (upstream credentials). Never the client's headers.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Headers of the client's request passed on to this server with its tool calls (LiteLLM's <c>extra_headers</c>; HTTP
    /// upstreams only), e.g. a per-user token the upstream needs. Never a header that carries the gateway's own
    /// credentials (<see cref="ForwardedHeaderRules"/>: refused at start), and never one a <see cref="Headers"/> entry sets.
    /// </summary>
    public List<string> ForwardHeaders { get; set; } = [];

    /// <summary>The program of a stdio server, e.g. <c>npx</c>.</summary>
    public string? Command { get; set; }

    /// <summary>Its arguments, e.g. <c>["-y", "@modelcontextprotocol/server-everything", "stdio"]</c>.</summary>
    public List<string> Args { get; set; } = [];

    /// <summary>Environment variables of a stdio server's process (upstream secrets go here).</summary>
    public Dictionary<string, string> Env { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Working directory of a stdio server's process. Default: the gateway's.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Other names for this server, usable wherever its name is (<c>db</c>).</summary>
    public List<string> Aliases { get; set; } = [];

    /// <summary>What the server offers, for people (LiteLLM's <c>description</c>). Default: none.</summary>
    public string? Description { get; set; }

    /// <summary>
    /// True: every API key and virtual key may use this server, whatever its own server list says (LiteLLM's
    /// <c>allow_all_keys</c>); anonymous access still needs the server named. Default false.
    /// </summary>
    public bool AllowAllKeys { get; set; }

    /// <summary>
    /// When not empty, only these tools of the server are offered to anyone (exact names, as the server lists them;
    /// LiteLLM's <c>allowed_tools</c>). It takes priority over <see cref="DisallowedTools"/>. Default: every tool.
    /// </summary>
    public List<string> AllowedTools { get; set; } = [];

    /// <summary>Tools of the server offered to no one (exact names; LiteLLM's <c>disallowed_tools</c>). Ignored when <see cref="AllowedTools"/> is set.</summary>
    public List<string> DisallowedTools { get; set; } = [];

    /// <summary>False hides the server from every key. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Longest wait for one upstream request. Default 60 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The MCP protocol version the gateway asks this server for. Default <c>2025-11-25</c>: one session per gateway
    /// client, which cost the connector 15-20 % less CPU per call than 2026-07-28's stateless requests and gave
    /// 8-12 % more calls/s through the gateway (docs/benchmarks.md, same-run A/B). <c>2026-07-28</c> for a server
    /// that speaks only that; null for the MCP C# SDK's preference.
    /// </summary>
    public string? ProtocolVersion { get; set; } = "2025-11-25";
}
