namespace McpPlatform.Gateway.Configuration;

/// <summary>One upstream MCP server.</summary>
public sealed class UpstreamServerOptions
{
    /// <summary>Only <c>http</c> (streamable HTTP) in this version.</summary>
    public string Transport { get; set; } = "http";

    /// <summary>The MCP endpoint. Service-discovery names work: <c>http://mcp-postgres/mcp</c>.</summary>
    public Uri? Url { get; set; }

    /// <summary>Other names for this server, usable wherever its name is (<c>db</c>).</summary>
    public List<string> Aliases { get; set; } = [];

    /// <summary>False hides the server from every key. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Longest wait for one upstream request. Default 60 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
