namespace McpPlatform.Bench.Load;

/// <summary>One session of a key: the key's name (for the per-key results) and the open MCP session.</summary>
internal sealed record KeySession(string Key, HttpMcpSession Session);
