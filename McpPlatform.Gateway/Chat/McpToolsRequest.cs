using System.Text.Json.Nodes;

namespace McpPlatform.Gateway.Chat;

/// <summary>
/// One <c>{"type":"mcp"}</c> entry of a request's tools, in LiteLLM's form: <c>server_url</c> <c>litellm_proxy</c> (every
/// server of the key) or <c>litellm_proxy/mcp/&lt;server&gt;</c> (one server, by name or alias); <c>allowed_tools</c>
/// (names as listed, namespaced or the server's own; or OpenAI's <c>{"tool_names": [...]}</c>) narrows them further;
/// <c>require_approval</c> must be <c>never</c> (or left out): the gateway runs the calls itself.
/// </summary>
internal sealed record McpToolsRequest(string Label, string? Server, IReadOnlySet<string>? AllowedTools)
{
    public const string ProxyUrl = "litellm_proxy";
    private const string ServerPrefix = "litellm_proxy/mcp/";

    public static McpToolsRequest Read(JsonObject tool)
    {
        var url = ChatJson.String(tool["server_url"]) ?? throw ChatRequestException.Invalid("An 'mcp' tool needs a 'server_url': 'litellm_proxy' or 'litellm_proxy/mcp/<server>'.", "tools");
        string? server = null;
        if (url.StartsWith(ServerPrefix, StringComparison.Ordinal) && url.Length > ServerPrefix.Length)
        {
            server = url[ServerPrefix.Length..].TrimEnd('/');
        }
        else if (!string.Equals(url.TrimEnd('/'), ProxyUrl, StringComparison.Ordinal))
        {
            throw ChatRequestException.Invalid(
                "The gateway runs only its own MCP servers: an 'mcp' tool's 'server_url' must be 'litellm_proxy' or 'litellm_proxy/mcp/<server>'.", "tools");
        }

        var approval = tool["require_approval"];
        if (approval is not null && ChatJson.String(approval) != "never")
        {
            throw ChatRequestException.Invalid("An 'mcp' tool's 'require_approval' must be 'never': the gateway runs MCP tools itself and does not ask.", "tools");
        }

        var allowed = tool["allowed_tools"] switch
        {
            null => null,
            JsonArray names => Names(names),
            JsonObject { } filter when filter["tool_names"] is JsonArray names => Names(names),
            _ => throw ChatRequestException.Invalid("An 'mcp' tool's 'allowed_tools' must be an array of tool names.", "tools"),
        };
        return new McpToolsRequest(ChatJson.String(tool["server_label"]) ?? server ?? ProxyUrl, server, allowed);
    }

    private static HashSet<string> Names(JsonArray names) =>
        names.Select(name => ChatJson.String(name) ?? throw ChatRequestException.Invalid("'allowed_tools' must hold tool names (strings).", "tools"))
            .ToHashSet(StringComparer.Ordinal);
}
