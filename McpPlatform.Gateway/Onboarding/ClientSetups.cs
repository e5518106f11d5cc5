using System.Text.Json.Nodes;
using static McpPlatform.Gateway.Onboarding.ConfigText;

namespace McpPlatform.Gateway.Onboarding;

/// <summary>
/// Ready-to-paste setups for the clients people bring (docs/clients.md has the same per client): each points the client
/// at the gateway's MCP URL (streamable HTTP) with <c>Authorization: Bearer &lt;key&gt;</c>, in the client's own
/// configuration format as its documentation gives it. Where a file may end up in a repository (VS Code's workspace
/// file) the key is not written into it: the client asks for it. Codex takes its token from an environment variable only.
/// </summary>
internal static class ClientSetups
{
    /// <summary>The clients, in the order <c>GET /v1/clients</c> lists them.</summary>
    public static readonly IReadOnlyList<string> Ids = ["claude-code", "gemini-cli", "codex", "opencode", "vscode", "cursor", "open-webui"];

    /// <summary>The setup of <paramref name="id"/>, or null for a client the gateway has none for.</summary>
    /// <param name="id">A client id (<see cref="Ids"/>).</param>
    /// <param name="name">The server's name in the client's configuration (<c>mcpplatform</c>).</param>
    /// <param name="mcpUrl">The gateway's MCP URL for this setup.</param>
    /// <param name="openApiBase">The base URL of the REST tools (<c>…/v1/mcp</c>), for Open WebUI.</param>
    /// <param name="key">The caller's key, or <see cref="CallerKey.Placeholder"/>.</param>
    public static ClientSetup? For(string id, string name, string mcpUrl, string openApiBase, string key) => id switch
    {
        "claude-code" => ClaudeCode(name, mcpUrl, key),
        "gemini-cli" => GeminiCli(name, mcpUrl, key),
        "codex" => Codex(name, mcpUrl, key),
        "opencode" => OpenCode(name, mcpUrl, key),
        "vscode" => VsCode(name, mcpUrl, key),
        "cursor" => Cursor(name, mcpUrl, key),
        "open-webui" => OpenWebUi(name, openApiBase, key),
        _ => null,
    };

    private static ClientSetup ClaudeCode(string name, string url, string key) => new(
        "claude-code",
        "Claude Code",
        url,
        [
            // --header takes several values: it goes last, after the name and URL.
            new("Add the gateway for your user (every project)", Command: $"claude mcp add --transport http --scope user {Shell(name)} {Shell(url)} --header {Shell("Authorization: Bearer " + key)}"),
            new("Or share it with a project: .mcp.json in the project's root (Claude Code asks before using it)", File: ".mcp.json", Format: "json", Content: Json(new JsonObject
            {
                ["mcpServers"] = new JsonObject { [name] = new JsonObject { ["type"] = "http", ["url"] = url, ["headers"] = Bearer("${MCPPLATFORM_API_KEY}") } },
            })),
        ],
        "claude mcp list");

    private static ClientSetup GeminiCli(string name, string url, string key) => new(
        "gemini-cli",
        "Gemini CLI",
        url,
        [
            new("Add the gateway to your user settings (merge into an existing file)", File: "~/.gemini/settings.json", Format: "json", Content: Json(new JsonObject
            {
                ["mcpServers"] = new JsonObject { [name] = new JsonObject { ["httpUrl"] = url, ["headers"] = Bearer(key) } },
            })),
            new("Or with the command", Command: $"gemini mcp add --scope user --transport http --header {Shell("Authorization: Bearer " + key)} {Shell(name)} {Shell(url)}"),
        ],
        "gemini mcp list");

    private static ClientSetup Codex(string name, string url, string key) => new(
        "codex",
        "Codex",
        url,
        [
            new("Codex reads the key from an environment variable (put it in your shell profile)", Command: $"export MCPPLATFORM_API_KEY={Shell(key)}"),
            new("Add the gateway", File: "~/.codex/config.toml", Format: "toml", Content:
                $"[mcp_servers.{TomlKey(name)}]\nurl = {Toml(url)}\nbearer_token_env_var = \"MCPPLATFORM_API_KEY\"\n"),
        ],
        "codex mcp list");

    private static ClientSetup OpenCode(string name, string url, string key) => new(
        "opencode",
        "opencode",
        url,
        [
            new("Add the gateway (project: opencode.json; every project: ~/.config/opencode/opencode.json)", File: "opencode.json", Format: "json", Content: Json(new JsonObject
            {
                ["$schema"] = "https://opencode.ai/config.json",
                ["mcp"] = new JsonObject { [name] = new JsonObject { ["type"] = "remote", ["url"] = url, ["enabled"] = true, ["headers"] = Bearer(key) } },
            })),
        ],
        "opencode mcp list");

    private static ClientSetup VsCode(string name, string url, string key) => new(
        "vscode",
        "VS Code",
        url,
        [
            new("Add the gateway to your user profile", Command: "code --add-mcp " + Shell(new JsonObject
            {
                ["name"] = name, ["type"] = "http", ["url"] = url, ["headers"] = Bearer(key),
            }.ToJsonString())),
            new("Or to a workspace: the file holds no key, VS Code asks for it once (paste your key)", File: ".vscode/mcp.json", Format: "json", Content: Json(new JsonObject
            {
                ["inputs"] = new JsonArray(new JsonObject { ["type"] = "promptString", ["id"] = "mcpplatform-key", ["description"] = "McpPlatform gateway API key", ["password"] = true }),
                ["servers"] = new JsonObject { [name] = new JsonObject { ["type"] = "http", ["url"] = url, ["headers"] = Bearer("${input:mcpplatform-key}") } },
            })),
        ],
        null);

    private static ClientSetup Cursor(string name, string url, string key) => new(
        "cursor",
        "Cursor",
        url,
        [
            new("Add the gateway (every project; a project: .cursor/mcp.json)", File: "~/.cursor/mcp.json", Format: "json", Content: Json(new JsonObject
            {
                ["mcpServers"] = new JsonObject { [name] = new JsonObject { ["url"] = url, ["headers"] = Bearer(key) } },
            })),
        ],
        null);

    private static ClientSetup OpenWebUi(string name, string openApiBase, string key) => new(
        "open-webui",
        "Open WebUI",
        openApiBase,
        [
            new(
                "Admin Panel → Settings → External Tools → + (a global tool server: Open WebUI's server calls the gateway, not the browser). Enter:",
                Format: "text",
                Content: $"Type: OpenAPI\nURL: {openApiBase}\nOpenAPI spec: openapi.json\nAuth: Bearer\nKey: {key}\nName: {name}\n"),
            new("Or as a connection in TOOL_SERVER_CONNECTIONS (a JSON array)", Format: "json", Content: Json(new JsonArray(new JsonObject
            {
                ["type"] = "openapi", ["url"] = openApiBase, ["path"] = "openapi.json", ["auth_type"] = "bearer", ["key"] = key,
                ["config"] = new JsonObject { ["enable"] = true }, ["info"] = new JsonObject { ["name"] = name, ["description"] = "MCP tools through the McpPlatform gateway" },
            }))),
        ],
        null);

    private static JsonObject Bearer(string key) => new() { ["Authorization"] = "Bearer " + key };
}
