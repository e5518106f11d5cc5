namespace McpPlatform.Gateway.Configuration;

/// <summary>An API key and what it may reach.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The key itself (at least 16 characters). Only its SHA-256 is kept once the gateway starts.</summary>
    public string? Key { get; set; }

    /// <summary>Alternatively, the key's SHA-256 as 64 hex digits, so the key never sits in configuration.</summary>
    public string? KeySha256 { get; set; }

    /// <summary>Server names or aliases this key may use; <c>*</c> means every server. Default: none.</summary>
    public List<string> Servers { get; set; } = [];

    /// <summary>
    /// When not empty, only these tools: <c>server/tool</c> patterns where server is a name, alias or <c>*</c>
    /// and tool is a name, a prefix ending in <c>*</c>, or <c>*</c>. Default: every tool of the key's servers.
    /// </summary>
    public List<string> Tools { get; set; } = [];

    /// <summary>Tools never allowed, same patterns; deny wins over allow.</summary>
    public List<string> DenyTools { get; set; } = [];

    /// <summary>True: only tools their server annotates <c>readOnlyHint: true</c>.</summary>
    public bool ReadOnly { get; set; }
}
