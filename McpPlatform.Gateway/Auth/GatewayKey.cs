using ModelContextProtocol.Protocol;

namespace McpPlatform.Gateway.Auth;

/// <summary>An authenticated key: its configured name and what it may use.</summary>
/// <param name="Name">The key's name in configuration (safe to log; the key itself never is).</param>
/// <param name="AllServers">True when the key was granted <c>*</c>.</param>
/// <param name="Servers">Canonical names of the servers granted by name or alias.</param>
public sealed record GatewayKey(string Name, bool AllServers, IReadOnlySet<string> Servers)
{
    /// <summary>When not empty, the only tools allowed.</summary>
    public IReadOnlyList<ToolPattern> AllowedTools { get; init; } = [];

    /// <summary>Tools never allowed (deny wins).</summary>
    public IReadOnlyList<ToolPattern> DeniedTools { get; init; } = [];

    /// <summary>Only tools annotated read-only.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Which prompts and resources of its servers the key may see; fail closed once the key narrows anything.</summary>
    public PromptResourceRules PromptsAndResources { get; init; } = PromptResourceRules.Unrestricted;

    /// <summary>The servers' own tool filters, by canonical server name (only servers that have one).</summary>
    public IReadOnlyDictionary<string, ServerToolRules> ServerTools { get; init; } = new Dictionary<string, ServerToolRules>();

    /// <summary>
    /// For a virtual key, when its rules were last changed (its <c>UpdatedAt</c>) as this compiled copy has them: a
    /// session remembers it, so a change that lands between authentication and the session's start is not missed.
    /// Null for a configured key.
    /// </summary>
    public DateTimeOffset? Version { get; init; }

    /// <summary>When not empty, the only models (ids of <c>Gateway:Models</c>) this key sees and may use.</summary>
    public IReadOnlySet<string> Models { get; init; } = new HashSet<string>();

    /// <summary>Whether this key may see and use the model.</summary>
    public bool MayUseModel(string model) => Models.Count == 0 || Models.Contains(model);

    /// <summary>Whether this key may reach the server at all.</summary>
    public bool MayUse(string canonicalServer) => AllServers || Servers.Contains(canonicalServer);

    /// <summary>Whether this key may list and call the tool: server granted, offered by the server, allowed, not denied, read-only if required.</summary>
    public bool MayUse(string canonicalServer, Tool tool) =>
        MayUse(canonicalServer)
        && (!ServerTools.TryGetValue(canonicalServer, out var serverRules) || serverRules.Offers(tool.Name))
        && (AllowedTools.Count == 0 || AllowedTools.Any(pattern => pattern.Matches(canonicalServer, tool.Name)))
        && !DeniedTools.Any(pattern => pattern.Matches(canonicalServer, tool.Name))
        && (!ReadOnly || tool.Annotations?.ReadOnlyHint == true);
}
