using System.Net.Http.Json;
using System.Text.Json;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// Real clients from npm, set up only with what <c>GET /v1/clients/{client}</c> answered for the caller's key: the MCP
/// Inspector CLI lists and calls tools at the setup's URL; Claude Code (its <c>claude mcp add</c> command, run as pasted)
/// and Gemini CLI (its settings file, written as given) report the gateway connected in <c>mcp list</c>. Each runs with
/// a home directory of its own and no account: <c>mcp list</c> needs no model login.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ClientOnboardingTests(PlatformFixture platform)
{
    [Fact]
    public async Task Inspector_AtTheSetupsUrls_ListsAndCallsTools()
    {
        var all = await SetupAsync("claude-code");
        var db = await SetupAsync("claude-code?server=db");

        // Both Inspector runs at once: each is a Node start of seconds.
        var listing = InspectAsync(all.GetProperty("url").GetString()!, "--method", "tools/list");
        var calling = InspectAsync(db.GetProperty("url").GetString()!, "--method", "tools/call", "--tool-name", "execute_sql", "--tool-arg", "sql=SELECT name FROM demo.customers ORDER BY id LIMIT 1");
        var list = await listing;
        var call = await calling;

        Assert.Contains("postgres_main-execute_sql", list.GetProperty("tools").EnumerateArray().Select(tool => tool.GetProperty("name").GetString()!).ToList());
        Assert.Equal("Ada Lovelace", call.GetProperty("structuredContent").GetProperty("rows")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task ClaudeCode_TheSetupsCommandAsPasted_ThenMcpListReportsTheGatewayConnected()
    {
        var setup = await SetupAsync("claude-code");
        var home = ClientPackages.NewHome();
        try
        {
            var environment = ClientPackages.Environment(home);
            var add = await ProcessRunner.RunAsync("bash", ["-c", setup.GetProperty("steps")[0].GetProperty("command").GetString()!], home, environment);
            Assert.True(add.ExitCode == 0, add.Output);

            var (exitCode, output) = await ProcessRunner.RunAsync("bash", ["-c", setup.GetProperty("check").GetString()!], home, environment);

            Assert.True(exitCode == 0, output);
            Assert.Matches(@"mcpplatform: \S+/mcp \(HTTP\) - \S+ Connected", output);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task GeminiCli_TheSetupsSettingsFileAsGiven_ThenMcpListReportsTheGatewayConnected()
    {
        var setup = await SetupAsync("gemini-cli");
        var settings = setup.GetProperty("steps")[0];
        var home = ClientPackages.NewHome();
        try
        {
            Assert.Equal("~/.gemini/settings.json", settings.GetProperty("file").GetString());
            Directory.CreateDirectory(Path.Combine(home, ".gemini"));
            await File.WriteAllTextAsync(Path.Combine(home, ".gemini", "settings.json"), settings.GetProperty("content").GetString());
            // As the user did when Gemini CLI first asked in the folder it runs in: untrusted, it suppresses every MCP server.
            await File.WriteAllTextAsync(Path.Combine(home, ".gemini", "trustedFolders.json"), JsonSerializer.Serialize(new Dictionary<string, string> { [home] = "TRUST_FOLDER" }));

            var (exitCode, output) = await ProcessRunner.RunAsync("bash", ["-c", setup.GetProperty("check").GetString()!], home, ClientPackages.Environment(home));

            Assert.True(exitCode == 0, output);
            Assert.Matches(@"mcpplatform: \S+/mcp \(http\) - Connected", output);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private async Task<JsonElement> SetupAsync(string client)
    {
        using var http = platform.CreateGatewayHttpClient();
        return await http.GetFromJsonAsync<JsonElement>("/v1/clients/" + client);
    }

    private static async Task<JsonElement> InspectAsync(string url, params string[] arguments)
    {
        var (exitCode, output) = await ProcessRunner.RunAsync(
            Path.Combine(ConformanceSuite.ToolsDirectory, "mcp-inspector"),
            ["--cli", url, "--transport", "http", "--header", $"Authorization: Bearer {PlatformFixture.ApiKey}", .. arguments],
            Path.GetTempPath(),
            new Dictionary<string, string> { ["PATH"] = ConformanceSuite.ToolsDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH") });
        Assert.True(exitCode == 0, output);
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(output[output.IndexOf('{', StringComparison.Ordinal)..]));
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.Clone();
    }
}
