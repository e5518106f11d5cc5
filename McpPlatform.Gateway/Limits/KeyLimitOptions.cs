namespace McpPlatform.Gateway.Limits;

/// <summary>
/// One key's own limits (<c>Gateway:Keys:&lt;name&gt;:Limits</c>, <c>Gateway:Anonymous:Limits</c>); unset means the
/// per-key default of <see cref="LimitOptions"/>.
/// </summary>
public sealed class KeyLimitOptions
{
    /// <summary>Open MCP sessions of this key. Default <see cref="LimitOptions.MaxSessionsPerKey"/>.</summary>
    public int? MaxSessions { get; set; }

    /// <summary>Upstream clients (stdio processes) of this key's own. Default <see cref="LimitOptions.MaxUpstreamClientsPerKey"/>.</summary>
    public int? MaxUpstreamClients { get; set; }

    /// <summary>Tool calls of this key in flight. Default <see cref="LimitOptions.MaxPendingCallsPerKey"/>.</summary>
    public int? MaxPendingCalls { get; set; }

    /// <summary>
    /// HTTP requests of this key per minute on every route (<c>/mcp</c>, <c>/mcp/{server}</c>, <c>/v1/*</c>); past it 429
    /// with <c>Retry-After</c>. Default: no rate limit.
    /// </summary>
    public int? RequestsPerMinute { get; set; }
}
