namespace McpPlatform.Gateway.Configuration;

/// <summary>What a caller may reach: servers, tools, prompts, resources, read-only. Shared by API keys and anonymous access.</summary>
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

    /// <summary>True: only tools their server annotates <c>readOnlyHint: true</c>. Prompts and resources are reads: not affected.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>
    /// Prompts this caller may list, get and complete: <c>server/prompt</c> patterns like <see cref="Tools"/>.
    /// Once any of <see cref="Tools"/>, <see cref="DenyTools"/> or the four prompt and resource lists is set, only the
    /// prompts and resources these allow lists name are visible (fail closed). Default: every prompt of the caller's
    /// servers while nothing is narrowed.
    /// </summary>
    public List<string> Prompts { get; set; } = [];

    /// <summary>Prompts never allowed, same patterns; deny wins over allow.</summary>
    public List<string> DenyPrompts { get; set; } = [];

    /// <summary>
    /// Resources and templates this caller may list, read, subscribe to and complete: <c>server/uri</c> patterns where
    /// uri is a resource URI or URI template as the server lists it, a prefix ending in <c>*</c>, or <c>*</c>. Naming a
    /// template grants every URI it yields. Same fail-closed switch as <see cref="Prompts"/>.
    /// </summary>
    public List<string> Resources { get; set; } = [];

    /// <summary>Resources never allowed, same patterns, also matched ignoring case and percent-decoded; deny wins.</summary>
    public List<string> DenyResources { get; set; } = [];

    /// <summary>This caller's own limits on sessions, upstream clients and calls in flight; unset: <c>Gateway:Limits</c>' per-key defaults.</summary>
    public Limits.KeyLimitOptions Limits { get; set; } = new();
}
