namespace McpPlatform.Gateway.Configuration;

/// <summary>The gateway's configuration, bound from the <c>Gateway</c> section. See docs/configuration.md.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>
    /// A LiteLLM-style <c>config.yaml</c> to import at start (relative paths from the content root): its
    /// <c>model_list</c>, <c>virtual_keys</c>, <c>mcp_servers</c>, <c>mcp_aliases</c> and <c>general_settings.master_key</c>
    /// become settings below the appsettings files' (docs/litellm-migration.md). Default: none.
    /// </summary>
    public string? ConfigFile { get; set; }

    /// <summary>True: a <see cref="ConfigFile"/> that does not exist is skipped (the compose deployment's <c>./config.yaml</c>). Default false: an error.</summary>
    public bool ConfigFileOptional { get; set; }

    /// <summary>Put between a server's name and a tool's name on the aggregate route. Default <c>-</c> (as LiteLLM).</summary>
    public string ToolNameSeparator { get; set; } = "-";

    /// <summary>
    /// How long an upstream's lists (tools, prompts, resources, templates) are used before they are refreshed: in the
    /// background, while requests keep getting the last listing. Default 60 s.
    /// </summary>
    public TimeSpan ToolListTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a request waits for a server's first listing, counted from when that listing started; a server that
    /// misses it is left out of that answer (logged, counted, shown as <c>slow</c>). Separate from each server's
    /// <see cref="UpstreamServerOptions.RequestTimeout"/>. Default 3 s.
    /// </summary>
    public TimeSpan ListDeadline { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>When an upstream that keeps failing is skipped (<c>Gateway:CircuitBreaker</c>).</summary>
    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>How often every upstream is checked (its tools listed). Default 15 s.</summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a stateless (2026-07-28) client may take to answer an upstream's question (sampling, elicitation,
    /// roots) before the waiting upstream call is cancelled. Default 5 minutes: a person may be answering.
    /// </summary>
    public TimeSpan ClientInputTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The upstream MCP servers, by name (<c>postgres_main</c>).</summary>
    public Dictionary<string, UpstreamServerOptions> Servers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The API keys clients present, by key name (the name, never the key, appears in logs).</summary>
    public Dictionary<string, ApiKeyOptions> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>What MCP requests without a key may reach. Default: nothing (every request needs a key).</summary>
    public AnonymousAccessOptions Anonymous { get; set; } = new();

    /// <summary>Sessions, upstream clients and calls in flight per key and in total (<c>Gateway:Limits</c>).</summary>
    public Limits.LimitOptions Limits { get; set; } = new();

    /// <summary>
    /// The URL clients reach the gateway at (<c>https://mcp.example.lan</c>), written into client setups
    /// (<c>/v1/clients</c>) and OpenAPI documents. Unset (the default): the scheme and host of each request.
    /// </summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>The models <c>GET /v1/models</c> lists, by id.</summary>
    public Dictionary<string, ModelOptions> Models { get; set; } = new(StringComparer.Ordinal);
}
