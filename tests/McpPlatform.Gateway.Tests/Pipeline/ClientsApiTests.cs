using System.Net;
using System.Text.Json;
using static McpPlatform.Gateway.Tests.Pipeline.RestToolsTests;

namespace McpPlatform.Gateway.Tests.Pipeline;

/// <summary>
/// Client onboarding (<c>/v1/clients</c>): setups for the caller's own key and the gateway's public URL, never another key
/// (real clients run these setups against the platform in the integration tests).
/// </summary>
public sealed class ClientsApiTests
{
    private static readonly string[] Clients = ["claude-code", "gemini-cli", "codex", "opencode", "vscode", "cursor", "open-webui"];

    [Fact]
    public async Task List_EveryClientPointsAtTheRequestsHost_WithTheCallersKey_NotCached()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha")]);

        using var response = await gateway.Http().GetAsync("/v1/clients");

        var body = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("http://localhost/mcp", body.GetProperty("url").GetString());
        Assert.Equal(Clients, body.GetProperty("clients").EnumerateArray().Select(client => client.GetProperty("id").GetString()!).ToArray());
        Assert.All(body.GetProperty("clients").EnumerateArray(), client => Assert.Contains(GatewayHost.Key, client.GetRawText(), StringComparison.Ordinal));
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task ClaudeCode_ACommandToPaste_WithTheUrlAndTheKeysHeader()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha")]);

        var setup = await SetupAsync(gateway.Http(), "/v1/clients/claude-code");

        Assert.Equal(
            $"claude mcp add --transport http --scope user mcpplatform http://localhost/mcp --header 'Authorization: Bearer {GatewayHost.Key}'",
            setup.GetProperty("steps")[0].GetProperty("command").GetString());
        Assert.Equal("claude mcp list", setup.GetProperty("check").GetString());
    }

    [Fact]
    public async Task Codex_KeyOnlyInTheEnvironment_ConfigNamesTheVariable()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha")]);

        var steps = (await SetupAsync(gateway.Http(), "/v1/clients/codex")).GetProperty("steps");

        Assert.Equal($"export MCPPLATFORM_API_KEY={GatewayHost.Key}", steps[0].GetProperty("command").GetString());
        Assert.Equal(
            "[mcp_servers.mcpplatform]\nurl = \"http://localhost/mcp\"\nbearer_token_env_var = \"MCPPLATFORM_API_KEY\"\n",
            steps[1].GetProperty("content").GetString());
    }

    [Fact]
    public async Task VsCode_WorkspaceFileHoldsNoKey()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha")]);

        var workspace = (await SetupAsync(gateway.Http(), "/v1/clients/vscode")).GetProperty("steps")[1];

        Assert.Equal(".vscode/mcp.json", workspace.GetProperty("file").GetString());
        Assert.DoesNotContain(GatewayHost.Key, workspace.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Contains("${input:mcpplatform-key}", workspace.GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GeminiAndOpenWebUi_UseThePublicUrlWhenSet()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha")], new Dictionary<string, string?> { ["Gateway:PublicUrl"] = "https://mcp.example.lan" });

        var gemini = await SetupAsync(gateway.Http(), "/v1/clients/gemini-cli");
        var webUi = await SetupAsync(gateway.Http(), "/v1/clients/open-webui");

        using var settings = JsonDocument.Parse(gemini.GetProperty("steps")[0].GetProperty("content").GetString()!);
        var server = settings.RootElement.GetProperty("mcpServers").GetProperty("mcpplatform");
        Assert.Equal("https://mcp.example.lan/mcp", server.GetProperty("httpUrl").GetString());
        Assert.Equal($"Bearer {GatewayHost.Key}", server.GetProperty("headers").GetProperty("Authorization").GetString());
        Assert.Equal("https://mcp.example.lan/v1/mcp", webUi.GetProperty("url").GetString());
    }

    [Fact]
    public async Task ServerQuery_PointsAtThatServersRoute_OnlyForTheKeysServers()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha"), new FakeUpstream("beta")]);

        var beta = await SetupAsync(gateway.Http(), "/v1/clients/cursor?server=beta");
        using var hidden = await gateway.Http(GatewayHost.NarrowKey).GetAsync("/v1/clients/cursor?server=beta");

        Assert.Equal("http://localhost/mcp/beta", beta.GetProperty("url").GetString());
        Assert.Contains("mcpplatform-beta", beta.GetProperty("steps")[0].GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    [Fact]
    public async Task UnknownClient_404NamingTheKnownOnes_AndNoKeyNo401()
    {
        await using var gateway = await GatewayHost.StartAsync([new FakeUpstream("alpha")]);
        using var anonymous = gateway.Http();
        anonymous.DefaultRequestHeaders.Authorization = null;

        using var unknown = await gateway.Http().GetAsync("/v1/clients/notepad");
        using var keyless = await anonymous.GetAsync("/v1/clients/claude-code");

        Assert.Contains("claude-code", (await JsonAsync(unknown, HttpStatusCode.NotFound)).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, keyless.StatusCode);
    }

    private static async Task<JsonElement> SetupAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return await JsonAsync(response, HttpStatusCode.OK);
    }
}
