namespace McpPlatform.Gateway.Auth;

/// <summary>
/// A <c>server/name</c> pattern of a key's allow or deny list, its server already resolved to a canonical name. Named
/// for tools, its first use; prompt names and resource URIs or templates use the same patterns.
/// </summary>
/// <param name="Server">A canonical server name, or <c>*</c>.</param>
/// <param name="Tool">A tool (prompt, resource) name, a prefix ending in <c>*</c>, or <c>*</c>.</param>
public sealed record ToolPattern(string Server, string Tool)
{
    public bool Matches(string server, string tool, StringComparison comparison = StringComparison.Ordinal) =>
        (Server == "*" || string.Equals(Server, server, StringComparison.Ordinal))
        && (Tool.EndsWith('*') ? tool.StartsWith(Tool[..^1], comparison) : string.Equals(Tool, tool, comparison));

    /// <summary>Splits <c>server/tool</c> at the first slash (a resource URI keeps its own); null when a part is empty.</summary>
    public static (string Server, string Tool)? Split(string pattern)
    {
        var slash = pattern.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 || slash == pattern.Length - 1 ? null : (pattern[..slash], pattern[(slash + 1)..]);
    }
}
