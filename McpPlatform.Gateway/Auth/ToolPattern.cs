namespace McpPlatform.Gateway.Auth;

/// <summary>A <c>server/tool</c> pattern of a key's allow or deny list, its server already resolved to a canonical name.</summary>
/// <param name="Server">A canonical server name, or <c>*</c>.</param>
/// <param name="Tool">A tool name, a prefix ending in <c>*</c>, or <c>*</c>.</param>
public sealed record ToolPattern(string Server, string Tool)
{
    public bool Matches(string server, string tool) =>
        (Server == "*" || string.Equals(Server, server, StringComparison.Ordinal))
        && (Tool.EndsWith('*') ? tool.StartsWith(Tool[..^1], StringComparison.Ordinal) : string.Equals(Tool, tool, StringComparison.Ordinal));

    /// <summary>Splits <c>server/tool</c>; null when the text has no slash or an empty part.</summary>
    public static (string Server, string Tool)? Split(string pattern)
    {
        var slash = pattern.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 || slash == pattern.Length - 1 ? null : (pattern[..slash], pattern[(slash + 1)..]);
    }
}
