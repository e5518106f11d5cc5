namespace McpPlatform.Gateway.Auth;

/// <summary>
/// A server's own tool filter (<c>Gateway:Servers:&lt;name&gt;:AllowedTools</c> / <c>DisallowedTools</c>, LiteLLM's
/// <c>allowed_tools</c> / <c>disallowed_tools</c>), applied to every key: exact, case-sensitive names; when the allow
/// list is set it alone decides, as in LiteLLM.
/// </summary>
public sealed record ServerToolRules(IReadOnlySet<string> Allowed, IReadOnlySet<string> Disallowed)
{
    /// <summary>Whether the server offers this tool at all.</summary>
    public bool Offers(string tool) => Allowed.Count > 0 ? Allowed.Contains(tool) : !Disallowed.Contains(tool);

    /// <summary>Why the server does not offer the tool (for the access explanation).</summary>
    public string Reason(string tool) =>
        Allowed.Count > 0 ? $"not in the server's allowed tools ({tool})" : $"in the server's disallowed tools ({tool})";
}
