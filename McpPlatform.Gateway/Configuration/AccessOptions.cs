namespace McpPlatform.Gateway.Configuration;

/// <summary>What a caller may reach: servers, tools, read-only. Shared by API keys and anonymous access.</summary>
public abstract class AccessOptions
{
    /// <summary>Server names or aliases this caller may use; <c>*</c> means every server. Default: none.</summary>
    public List<string> Servers { get; set; } = [];

    /// <summary>
    /// When not empty, only these tools: <c>server/tool</c> patterns where server is a name, alias or <c>*</c>
    /// and tool is a name, a prefix ending in <c>*</c>, or <c>*</c>. Default: every tool of the caller's servers.
    /// </summary>
    public List<string> Tools { get; set; } = [];

    /// <summary>Tools never allowed, same patterns; deny wins over allow.</summary>
    public List<string> DenyTools { get; set; } = [];

    /// <summary>True: only tools their server annotates <c>readOnlyHint: true</c>.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>This caller's own limits on sessions, upstream clients and calls in flight; unset: <c>Gateway:Limits</c>' per-key defaults.</summary>
    public Limits.KeyLimitOptions Limits { get; set; } = new();
}
