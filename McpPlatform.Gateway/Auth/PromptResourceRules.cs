namespace McpPlatform.Gateway.Auth;

/// <summary>
/// Which prompts and resources a key may see on the servers it may use. A key that narrows anything (tools by
/// <c>Tools</c>/<c>DenyTools</c>, or any prompt or resource list) sees only the prompts and resources its allow
/// patterns name: a key limited to a few tools must not read every table's schema through resources instead.
/// </summary>
public sealed class PromptResourceRules
{
    private readonly IReadOnlyList<ToolPattern> allowedPrompts;
    private readonly IReadOnlyList<ToolPattern> deniedPrompts;
    private readonly IReadOnlyList<ToolPattern> allowedResources;
    private readonly IReadOnlyList<ToolPattern> deniedResources;

    public PromptResourceRules(
        bool allowListOnly,
        IReadOnlyList<ToolPattern> allowedPrompts,
        IReadOnlyList<ToolPattern> deniedPrompts,
        IReadOnlyList<ToolPattern> allowedResources,
        IReadOnlyList<ToolPattern> deniedResources)
    {
        AllowListOnly = allowListOnly;
        this.allowedPrompts = allowedPrompts;
        this.deniedPrompts = deniedPrompts;
        this.allowedResources = allowedResources;
        this.deniedResources = deniedResources;
    }

    /// <summary>A key that narrows nothing: every prompt and resource of its servers, as before these rules existed.</summary>
    public static PromptResourceRules Unrestricted { get; } = new(allowListOnly: false, [], [], [], []);

    /// <summary>True when only what the allow patterns name is visible (the key narrows something).</summary>
    public bool AllowListOnly { get; }

    /// <summary>The first deny pattern that hides this prompt; null when none does (for the access explanation).</summary>
    internal ToolPattern? PromptDeniedBy(string server, string prompt) => deniedPrompts.FirstOrDefault(pattern => pattern.Matches(server, prompt));

    /// <summary>Whether an allow pattern names this prompt, or none is needed.</summary>
    internal bool AllowsPrompt(string server, string prompt) => !AllowListOnly || allowedPrompts.Any(pattern => pattern.Matches(server, prompt));

    /// <summary>The first deny pattern that hides this resource URI or template (as <see cref="DeniesResource"/> matches); null when none does.</summary>
    internal ToolPattern? ResourceDeniedBy(string server, string uriOrTemplate)
    {
        var decoded = Uri.UnescapeDataString(uriOrTemplate);
        return deniedResources.FirstOrDefault(pattern =>
            pattern.Matches(server, uriOrTemplate, StringComparison.OrdinalIgnoreCase)
            || pattern.Matches(server, decoded, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Whether the key may list, get and complete this prompt (its upstream name) of the server.</summary>
    public bool MayUsePrompt(string server, string prompt) =>
        (!AllowListOnly || allowedPrompts.Any(pattern => pattern.Matches(server, prompt)))
        && !deniedPrompts.Any(pattern => pattern.Matches(server, prompt));

    /// <summary>Whether an allow pattern names this resource URI or template text (as the server lists it), or none is needed.</summary>
    public bool AllowsResource(string server, string uriOrTemplate) =>
        !AllowListOnly || allowedResources.Any(pattern => pattern.Matches(server, uriOrTemplate));

    /// <summary>
    /// Whether a deny pattern matches the URI (or template text) as written, ignoring case, or percent-decoded: an
    /// upstream may decode or fold case before it picks what to read, so <c>%70erf</c> must not slip past a rule for
    /// <c>perf</c>.
    /// </summary>
    public bool DeniesResource(string server, string uriOrTemplate)
    {
        if (deniedResources.Count == 0)
        {
            return false;
        }

        var decoded = Uri.UnescapeDataString(uriOrTemplate);
        return deniedResources.Any(pattern =>
            pattern.Matches(server, uriOrTemplate, StringComparison.OrdinalIgnoreCase)
            || pattern.Matches(server, decoded, StringComparison.OrdinalIgnoreCase));
    }
}
